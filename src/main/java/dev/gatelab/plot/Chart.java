package dev.gatelab.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import tech.tablesaw.plotly.components.Figure;

/**
 * One or more Tablesaw (Plotly) figures shown together. In a notebook a chart that is a cell's value renders inline
 * (see {@link dev.gatelab.notebook.NotebookSupport}); {@link #save} writes a standalone HTML file.
 *
 * <p>In a notebook the output holds only the figures' data and a small loader: plotly.js itself is fetched once per page
 * from the Jupyter server ({@link PlotlyAsset}), so saved notebooks stay small and nothing needs the internet.
 */
public interface Chart {
    /** The figures, built afresh on each call. */
    List<Figure> figures();

    /** HTML for a notebook output: a div per figure and the script that draws them once plotly.js is there. */
    default String notebookHtml() {
        String id = "gatelab_" + UUID.randomUUID().toString().replace("-", ""); // Tablesaw makes a JS name of it
        StringBuilder divs = new StringBuilder(), draw = new StringBuilder();
        List<Figure> figs = figures();
        for (int i = 0; i < figs.size(); i++) {
            String div = id + "_" + i;
            divs.append("<div id=\"").append(div).append("\" class=\"gatelab-chart\"></div>\n");
            draw.append("(function(){").append(scriptBody(figs.get(i), div)).append("})();\n");
        }
        return divs + "<script>\n" + PlotlyAsset.loader("function(){\n" + draw + "}", id + "_0") + "</script>\n";
    }

    /** A standalone HTML page with plotly.js inline: opens anywhere, with no network and no server. */
    default String standaloneHtml() {
        StringBuilder body = new StringBuilder();
        List<Figure> figs = figures();
        for (int i = 0; i < figs.size(); i++) {
            body.append("<div id=\"fig").append(i).append("\"></div>\n<script>(function(){")
                    .append(scriptBody(figs.get(i), "fig" + i)).append("})();</script>\n");
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Gatelab chart</title>\n<script>"
                + PlotlyAsset.source() + "</script></head>\n<body>\n" + body + "</body></html>\n";
    }

    /** Writes {@link #standaloneHtml()} to {@code path} (atomically: a temporary file renamed into place). */
    default Path save(Path path) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".chart", ".tmp");
            Files.writeString(tmp, standaloneHtml(), StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Chart.save: could not write " + path, e);
        }
    }

    /** Tablesaw's script for a figure without its script tags, to run inside a function (its vars stay local). */
    private static String scriptBody(Figure figure, String div) {
        return figure.asJavascript(div).replace("<script>", "").replace("</script>", "");
    }

    static String resource(String name) {
        try (InputStream in = Chart.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
