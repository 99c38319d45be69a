package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.List;

/**
 * Text coloured by one unit's activation, character by character, as Karpathy, Johnson and Fei-Fei (2015) show what a
 * unit of a character model tracks: blue for −1, white for 0, red for +1 (values beyond are clipped). Not a Plotly
 * figure: the output is the text itself, so it needs no plotly.js.
 * {@code TextActivations.of(text, trace.gate("c"), unit).title("unit 42: position in the line")}
 */
public final class TextActivations implements Chart {
    private final String text;
    private final double[] values;
    private final String label;
    private String title = "";

    private TextActivations(String text, double[] values, String label) {
        this.text = text;
        this.values = values;
        this.label = label;
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

    /** @return the text as HTML spans, each with its background colour and its value on hover */
    @Override
    public String notebookHtml() {
        StringBuilder sb = new StringBuilder("<div class=\"gatelab-text\" style=\"font-family:monospace;"
                + "white-space:pre-wrap;line-height:1.5;max-width:60em\">");
        if (!title.isEmpty()) sb.append("<div style=\"font-weight:bold;font-family:sans-serif\">").append(Escape.html(title)).append("</div>");
        for (int t = 0; t < text.length(); t++) {
            double v = Math.max(-1, Math.min(1, Double.isNaN(values[t]) ? 0 : values[t]));
            int r = v < 0 ? (int) Math.round(255 * (1 + v)) : 255, b = v > 0 ? (int) Math.round(255 * (1 - v)) : 255;
            int g = (int) Math.round(255 * (1 - Math.abs(v)));
            char c = text.charAt(t);
            sb.append(String.format("<span style=\"background:rgb(%d,%d,%d)\" title=\"%s %.2f\">", r, g, b,
                    Escape.html(label), values[t]))
                    .append(c == '\n' ? "⏎\n" : Escape.html(String.valueOf(c))).append("</span>");
        }
        return sb.append("</div>\n").toString();
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
