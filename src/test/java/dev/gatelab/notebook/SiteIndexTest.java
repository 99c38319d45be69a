package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteIndexTest {
    @TempDir
    Path site;

    /** nbconvert writes an en dash in a title as a numeric entity; the index shows the dash, not "&amp;#8211;". */
    @Test
    void titlesAndHeadlinesAreEscapedOnceWhateverEntitiesThePageUsed() throws Exception {
        Files.writeString(site.resolve("03-airline.html"), "<html><body><h1 id=\"t\">Passengers, 1949&#8211;1960 &amp; "
                + "&#x3c;b&#x3e;<a class=\"anchor-link\" href=\"#t\">¶</a></h1>\n<pre>Headline: RMSE 16.2 &lt; 21.4 for &#39;LSTM&#39;\n"
                + "</pre></body></html>");
        String index = Files.readString(SiteIndex.write(site));
        assertTrue(index.contains(">Passengers, 1949\u20131960 &amp; &lt;b&gt;</a>"), index);
        assertTrue(index.contains("<div class=\"headline\">RMSE 16.2 &lt; 21.4 for &#39;LSTM&#39;</div>"), index);
        assertFalse(index.contains("&amp;#"), index);
    }
}
