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

    /** Links are path segments: a name like "javascript:x.html" or "a#b.html" links to that file, not elsewhere. */
    @Test
    void linksArePercentEncodedFileNames() throws Exception {
        String[] names = {"javascript:alert(1).html", "a#b.html", "q?x=1.html", "pct%41.html", "two words.html"};
        for (String n : names) Files.writeString(site.resolve(n), "<html><body><h1>T &#34;quoted&#34;</h1></body></html>");
        String index = Files.readString(SiteIndex.write(site));
        for (String href : new String[] {"javascript%3Aalert%281%29.html", "a%23b.html", "q%3Fx%3D1.html", "pct%2541.html", "two%20words.html"}) {
            assertTrue(index.contains("<a href=\"" + href + "\">"), href + " in " + index);
        }
        assertTrue(index.contains("T &quot;quoted&quot;"), "&#34; decoded once, escaped once: " + index);
    }
}
