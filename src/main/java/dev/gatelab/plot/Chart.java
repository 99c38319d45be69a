package dev.gatelab.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One or more Plotly figures shown together. In a notebook a chart that is a cell's value renders inline (see
 * {@link dev.gatelab.notebook.NotebookSupport}); {@link #save} writes a standalone HTML file.
 *
 * <p>In a notebook the output holds only the figures' data and a small loader: plotly.js itself is fetched once per page
 * from the Jupyter server ({@link PlotlyAsset}), so saved notebooks stay small and nothing needs the internet. Where
 * plotly.js cannot be found (an exported page without its assets/ folder), every chart says so in its place.
 */
public interface Chart {
    /** @return the figures, built afresh on each call from the chart's settings */
    List<PlotlyFigure> figures();

    /**
     * @return the chart as one PNG, drawn in pure Java from the same figures ({@link StaticImage}): what a notebook
     *     saved with its outputs shows where no script runs (nbviewer, VS Code, an untrusted notebook, nbconvert's
     *     Markdown and HTML)
     */
    default byte[] png() {
        return StaticImage.png(figures());
    }

    /**
     * {@link #png()}, or null where it cannot be drawn (a JVM without fonts, a figure the drawing does not read): an
     * output without its static image is better than no output, and a fit must never fail for want of a picture.
     * The first failure is reported once on standard error.
     *
     * @return the PNG, or null
     */
    default byte[] pngOrNull() {
        return StaticImage.orNull(this);
    }

    /**
     * What a kernel shows for this chart, by MIME type: {@code text/html} (the interactive figures, with the static
     * image inside until they are drawn) and {@code image/png} (the same image, base64, for viewers that pick an image
     * over HTML; left out where it cannot be drawn). The image is drawn once for both.
     *
     * @return the MIME bundle
     */
    default Map<String, String> mimeBundle() {
        byte[] png = pngOrNull();
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", notebookHtml(png));
        if (png != null) bundle.put("image/png", Base64.getEncoder().encodeToString(png));
        return bundle;
    }

    /** @return HTML for a notebook output: the interactive figures, with the static image shown until they are drawn */
    default String notebookHtml() {
        return notebookHtml(pngOrNull());
    }

    /**
     * HTML for a notebook output: a div per figure and the script that draws them once plotly.js is there. The static
     * image goes first and the script removes it once every figure is drawn, so a viewer that runs no script (or an
     * exported page without plotly.js) still shows the chart.
     *
     * @param png the chart's static image, or null for none (live progress, redrawn twice a second, has none until it ends)
     * @return the HTML
     */
    default String notebookHtml(byte[] png) {
        String id = "gatelab_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder divs = new StringBuilder();
        if (png != null) {
            divs.append("<img id=\"").append(id).append("_static\" class=\"gatelab-static\" alt=\"")
                    .append(Escape.html(toString())).append("\" style=\"max-width:100%\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        }
        List<PlotlyFigure> figs = figures();
        List<String> ids = new ArrayList<>(), calls = new ArrayList<>();
        for (int i = 0; i < figs.size(); i++) {
            String div = id + "_" + i;
            ids.add(div);
            divs.append("<div id=\"").append(div).append("\" class=\"gatelab-chart\"></div>\n");
            calls.add(figs.get(i).call(div));
        }
        // Plotly.newPlot draws asynchronously: the image goes only once every figure is there.
        String draw = "Promise.all([\n" + String.join(",\n", calls) + "\n])"
                + (png == null ? ";" : ".then(function () { var still = document.getElementById("
                        + Escape.json(id + "_static") + "); if (still) still.remove(); });");
        return divs + "<script>\n" + PlotlyAsset.loader("function(){\n" + draw + "\n}", Escape.json(ids)) + "</script>\n";
    }

    /** @return a standalone HTML page with plotly.js inline: it opens anywhere, with no network and no server */
    default String standaloneHtml() {
        StringBuilder body = new StringBuilder();
        List<PlotlyFigure> figs = figures();
        for (int i = 0; i < figs.size(); i++) {
            body.append("<div id=\"fig").append(i).append("\"></div>\n<script>")
                    .append(figs.get(i).script("fig" + i)).append("</script>\n");
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Escape.html(toString())
                + "</title>\n<script>" + PlotlyAsset.source() + "</script></head>\n<body>\n" + body + "</body></html>\n";
    }

    /**
     * Writes {@link #standaloneHtml()} to a file, atomically (a temporary file renamed into place).
     *
     * @param path the HTML file to write
     * @return the path written
     */
    default Path save(Path path) {
        try {
            byte[] html = standaloneHtml().getBytes(StandardCharsets.UTF_8);
            return dev.gatelab.PendingInterrupt.setAsideDuring(() -> {
                dev.gatelab.io.AtomicFiles.write(path, html);
                return path;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Chart.save: could not write " + path, e);
        }
    }

    /**
     * A text resource of this package.
     *
     * @param name the resource's path
     * @return its text
     */
    static String resource(String name) {
        return dev.gatelab.Resources.text(Chart.class, name);
    }
}
