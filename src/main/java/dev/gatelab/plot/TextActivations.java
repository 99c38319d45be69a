package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Text coloured by one value per character, as Karpathy, Johnson and Fei-Fei (2015) show what a unit of a character
 * model tracks: blue for −s, white for 0, red for +s (values beyond are clipped), with a legend that says s. A unit's
 * activation is drawn with s = 1; an attribution ({@link #ofValues}) with s = its largest |value|. Not a Plotly
 * figure: the output is the text itself, so it needs no plotly.js.
 * {@code TextActivations.of(text, trace.gate("c"), unit).title("unit 42: position in the line")}
 */
public final class TextActivations implements Chart {
    private final String text;
    private final double[] values;
    private final String label;
    private String title = "";
    private double scale = 1;

    private TextActivations(String text, double[] values, String label) {
        this.text = text;
        this.values = values;
        this.label = label;
    }

    /**
     * Text coloured by any one value per character (a saliency, a loss difference), on a scale out to the largest
     * |value|.
     *
     * @param text the characters, one per value
     * @param values one per character
     * @param label what the values are, for the legend and the hover text
     * @return the chart
     */
    public static TextActivations ofValues(String text, double[] values, String label) {
        if (text == null || values == null || values.length != text.length()) {
            throw new ArgumentException("TextActivations.ofValues: " + (text == null ? "no" : text.length()) + " characters for "
                    + (values == null ? "no" : values.length) + " values; give one value per character");
        }
        TextActivations chart = new TextActivations(text, values.clone(), label);
        double largest = 0;
        for (double v : values) if (Double.isFinite(v)) largest = Math.max(largest, Math.abs(v));
        chart.scale = largest > 0 ? largest : 1;
        return chart;
    }

    /**
     * @param s the |value| drawn at full colour; larger values are clipped to it
     * @return this chart
     */
    public TextActivations scale(double s) {
        if (!(s > 0) || Double.isInfinite(s)) throw new ArgumentException("TextActivations.scale: must be positive and finite, got " + s);
        this.scale = s;
        return this;
    }

    /**
     * @param text the characters the trace read, one per step
     * @param activations [1, steps, units] or [steps, units], as a trace gives them
     * @param unit the unit to colour by
     * @return the chart
     */
    public static TextActivations of(String text, Tensor activations, int unit) {
        int[] shape = activations.shape();
        int steps = shape[shape.length - 2], units = shape[shape.length - 1];
        if (activations.size() != steps * units || steps != text.length()) {
            throw new ArgumentException("TextActivations: " + text.length() + " characters for activations of shape "
                    + dev.gatelab.autograd.Shapes.text(shape) + "; give one sample's [steps, units] with a step per character");
        }
        if (unit < 0 || unit >= units) throw new ArgumentException("TextActivations: unit " + unit + " is outside [0, " + units + ")");
        double[] v = new double[steps];
        for (int t = 0; t < steps; t++) v[t] = activations.get(t * units + unit);
        return new TextActivations(text, v, "unit " + unit);
    }

    /**
     * @param t a heading shown above the text
     * @return this chart
     */
    public TextActivations title(String t) {
        this.title = t;
        return this;
    }

    @Override
    public List<PlotlyFigure> figures() {
        return List.of();
    }

    /**
     * @param png ignored: the text is its own picture, and has no script to wait for
     * @return {@link #notebookHtml()}
     */
    @Override
    public String notebookHtml(byte[] png) {
        return notebookHtml();
    }

    /** @return the text as HTML spans, each with its background colour and its value on hover */
    @Override
    public String notebookHtml() {
        StringBuilder sb = new StringBuilder("<div class=\"gatelab-text\" style=\"font-family:monospace;"
                + "white-space:pre-wrap;line-height:1.5;max-width:60em\">");
        if (!title.isEmpty()) sb.append("<div style=\"font-weight:bold;font-family:sans-serif\">").append(Escape.html(title)).append("</div>");
        sb.append(legend());
        for (int t = 0; t < text.length(); t++) {
            char c = text.charAt(t);
            sb.append(String.format(java.util.Locale.ROOT, "<span style=\"background:%s\" title=\"%s %.3g\">",
                    colour(values[t]), Escape.html(label), values[t]))
                    .append(c == '\n' ? "⏎\n" : Escape.html(String.valueOf(c))).append("</span>");
        }
        return sb.append("</div>\n").toString();
    }

    /**
     * The same coloured text as a picture, for viewers that drop HTML's inline styles: the title, the legend's five
     * swatches, then the characters in a monospaced font, 100 to a line, with a new line where the text has one.
     */
    @Override
    public byte[] png() {
        int perLine = 100, cellW = 8, cellH = 16, margin = 8, maxLines = 60;
        List<String> lines = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        int start = 0;
        for (int t = 0; t < text.length(); t++) {
            if (text.charAt(t) == '\n' || t - start == perLine) {
                lines.add(text.substring(start, t));
                starts.add(start);
                start = text.charAt(t) == '\n' ? t + 1 : t;
            }
        }
        lines.add(text.substring(start));
        starts.add(start);
        boolean cut = lines.size() > maxLines;     // past 6,000 characters the picture shows the start and says so
        if (cut) {
            lines.subList(maxLines, lines.size()).clear();
            starts.subList(maxLines, starts.size()).clear();
        }
        int header = (title.isEmpty() ? 0 : 22) + 26;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(2 * margin + perLine * cellW,
                2 * margin + header + lines.size() * cellH + (cut ? 18 : 0), java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int y = margin;
        g.setColor(java.awt.Color.BLACK);
        if (!title.isEmpty()) {
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
            g.drawString(title, margin, y + 14);
            y += 22;
        }
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        g.drawString(label + ":", margin, y + 14);
        int x = margin + g.getFontMetrics().stringWidth(label + ":") + 8;
        for (double f : new double[] {-1, -0.5, 0, 0.5, 1}) {
            String v = String.format(java.util.Locale.ROOT, "%.3g", f * scale);
            int w = g.getFontMetrics().stringWidth(v) + 12;
            g.setColor(StaticImage.colour(colour(f * scale)));
            g.fillRect(x, y + 2, w, 16);
            g.setColor(java.awt.Color.BLACK);
            g.drawString(v, x + 6, y + 14);
            x += w + 4;
        }
        y += 26;
        g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.PLAIN, 12));
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            for (int i = 0; i < line.length(); i++) {
                g.setColor(StaticImage.colour(colour(values[starts.get(l) + i])));
                g.fillRect(margin + i * cellW, y + l * cellH, cellW, cellH);
                g.setColor(java.awt.Color.BLACK);
                g.drawString(String.valueOf(line.charAt(i)), margin + i * cellW, y + l * cellH + 12);
            }
        }
        if (cut) {
            g.setColor(java.awt.Color.DARK_GRAY);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.ITALIC, 11));
            g.drawString("… the first " + maxLines + " lines of " + text.length() + " characters; the HTML output holds them all",
                    margin, y + maxLines * cellH + 12);
        }
        g.dispose();
        return StaticImage.encode(image);
    }

    /** Blue for −scale, white for 0, red for +scale. */
    private String colour(double value) {
        double v = Math.max(-1, Math.min(1, Double.isNaN(value) ? 0 : value / scale));
        int r = v < 0 ? (int) Math.round(255 * (1 + v)) : 255, b = v > 0 ? (int) Math.round(255 * (1 - v)) : 255;
        int g = (int) Math.round(255 * (1 - Math.abs(v)));
        return "rgb(" + r + "," + g + "," + b + ")";
    }

    /** Five swatches from −scale to +scale, each with its value, and what the values are. */
    private String legend() {
        StringBuilder sb = new StringBuilder("<div class=\"gatelab-legend\" style=\"font-family:sans-serif;font-size:85%;margin:2px 0 6px\">")
                .append(Escape.html(label)).append(": ");
        for (double f : new double[] {-1, -0.5, 0, 0.5, 1}) {
            sb.append(String.format(java.util.Locale.ROOT,
                    "<span style=\"background:%s;padding:0 0.6em;border:1px solid #ccc\">%s</span> ", colour(f * scale),
                    Escape.html(String.format(java.util.Locale.ROOT, "%.3g", f * scale))));
        }
        return sb.append("</div>").toString();
    }

    @Override
    public String standaloneHtml() {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Escape.html(title) + "</title></head>\n<body>\n"
                + notebookHtml() + "</body></html>\n";
    }

    @Override
    public String toString() {
        return "TextActivations[" + (title.isEmpty() ? label : title) + "]";
    }
}
