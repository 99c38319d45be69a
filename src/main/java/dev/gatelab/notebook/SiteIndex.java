package dev.gatelab.notebook;

import dev.gatelab.plot.Escape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The index page of the tutorials' static site ({@code binder/site.sh}): a link to every exported notebook page with
 * its title and the headline its own output printed (the line that starts with "Headline: ").
 */
public final class SiteIndex {
    private static final Pattern TITLE = Pattern.compile("<h1[^>]*>(.*?)(<a |</h1>)", Pattern.DOTALL);
    /**
     * A printed line, at the start of a line of an output's {@code <pre>}: the code cell that prints it holds the same
     * words inside a string literal (and, as there, perhaps a format string), which this does not match.
     */
    private static final Pattern HEADLINE = Pattern.compile("(?m)(?:^|<pre>)Headline: ([^\\n<]*)");

    private SiteIndex() {}

    /**
     * Writes index.html into a folder of exported notebook pages.
     *
     * @param site the folder holding the pages (and assets/)
     * @return the index page
     * @throws IOException when a page cannot be read or the index written
     */
    public static Path write(Path site) throws IOException {
        List<Path> pages;
        try (Stream<Path> s = Files.list(site)) {
            pages = s.filter(p -> p.toString().endsWith(".html") && !p.getFileName().toString().equals("index.html"))
                    .sorted().toList();
        }
        StringBuilder items = new StringBuilder();
        for (Path page : pages) {
            String html = Files.readString(page, StandardCharsets.UTF_8);
            String title = first(TITLE, html, page.getFileName().toString()).replaceAll("<[^>]+>", "").trim();
            String headline = first(HEADLINE, html, "");
            // A file name is a path segment: percent-encoded, so '#', '?', '%' and a leading 'javascript:' stay part of it.
            String href = java.net.URLEncoder.encode(page.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20");
            items.append("<li><a href=\"").append(Escape.html(href)).append("\">")
                    .append(Escape.html(unescape(title))).append("</a>");
            if (!headline.isEmpty()) items.append("<div class=\"headline\">").append(Escape.html(unescape(headline))).append("</div>");
            items.append("</li>\n");
        }
        Path index = site.resolve("index.html");
        Files.writeString(index, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Gatelab tutorials</title>\n"
                + "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}li{margin:1em 0}"
                + ".headline{color:#444;margin-top:.3em}</style></head>\n<body>\n<h1>Gatelab tutorials</h1>\n"
                + "<p>Recurrent networks in Java, executed: every number and chart below was made by the notebook itself.</p>\n"
                + "<ol>\n" + items + "</ol>\n</body></html>\n", StandardCharsets.UTF_8);
        return index;
    }

    private static String first(Pattern p, String text, String fallback) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : fallback;
    }

    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x[0-9a-fA-F]+|[0-9]+);");

    /**
     * The entities nbconvert writes, back to characters (they are escaped again on the way out): the named ones of text
     * outputs and the numeric ones its markdown renderer writes for typographic characters such as an en dash.
     */
    private static String unescape(String html) {
        Matcher m = NUMERIC_ENTITY.matcher(html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String code = m.group(1);
            int cp = code.startsWith("x") ? Integer.parseInt(code.substring(1), 16) : Integer.parseInt(code);
            m.appendReplacement(out, Matcher.quoteReplacement(Character.isValidCodePoint(cp) ? Character.toString(cp) : m.group()));
        }
        m.appendTail(out);
        return out.toString().replace("&amp;", "&");
    }

    /**
     * Writes the index of the site folder given.
     *
     * @param args the site folder
     * @throws IOException when a page cannot be read or the index written
     */
    public static void main(String[] args) throws IOException {
        System.out.println(write(Path.of(args.length > 0 ? args[0] : "target/site")));
    }
}
