package dev.gatelab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pieces every chart is made of, with the conventions all of them share (axes, lines, colour ranges). */
final class Plotly {
    private Plotly() {}

    /** A JSON object from alternating keys and values; a null value leaves its key out. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A linear axis with a title; numbers without thousands separators (years read 1959, not 1,959). */
    static Map<String, Object> axis(String title) {
        return object("title", object("text", title), "separatethousands", false, "automargin", true);
    }

    /**
     * A log axis whose ticks come from the span of the traces' y values, one rule for every chart: over a decade or
     * more, powers of ten (10⁻³, not 1m), every one up to eight decades and every k-th beyond, so labels never
     * overprint, with 2 and 5 of each decade added under three decades; within one decade, where no power of ten may
     * fall, plain numbers at a round linear step.
     */
    static Map<String, Object> logAxis(String title, List<Map<String, Object>> traces) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Map<String, Object> t : traces) {
            for (double v : numbers(t.get("y"))) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Map<String, Object> a = axis(title + " (log scale)");
        a.put("type", "log");
        double decades = Math.log10(hi / lo);
        if (lo < hi && decades < 1) {
            double step = roundStep((hi - lo) / 8);
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            List<Double> values = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (double v = Math.floor(lo / step) * step; v < hi + step * (1 - 1e-9); v += step) {   // one past each end
                double rounded = Math.round(v / step) * step;
                if (rounded <= 0) continue;
                values.add(rounded);
                labels.add(String.format(java.util.Locale.ROOT, "%." + decimals + "f", rounded));
            }
            a.put("tickmode", "array");
            a.put("tickvals", values);
            a.put("ticktext", labels);
        } else {
            a.put("exponentformat", "power");
            // Under three decades the powers of ten alone may be one label (1.5e-4 to 7e-3 holds only 10⁻³): Plotly's
            // "D2" adds 2 and 5 of each decade.
            a.put("dtick", lo < hi && decades < 3 ? "D2" : lo < hi ? Math.max(1, (int) Math.ceil(decades / 8)) : 1);
        }
        return a;
    }

    /** 1, 2 or 5 times a power of ten, the smallest at least {@code raw}. */
    static double roundStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * power >= raw * (1 - 1e-9)) return m * power;
        return 10 * power;
    }

    private static double[] numbers(Object y) {
        if (y instanceof double[] d) return d;
        if (y instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = list.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
            return out;
        }
        return new double[0];
    }

    /** A category axis that labels every category, however many. */
    static Map<String, Object> categoryAxis(String title) {
        Map<String, Object> a = axis(title);
        a.put("type", "category");
        a.put("dtick", 1);
        return a;
    }

    /** A line trace. */
    static Map<String, Object> line(double[] x, double[] y, String name, String colour, String dash) {
        return line(finiteOrNull(x), y, name, colour, dash);
    }

    /** A line trace over any x values Plotly reads: numbers, or dates as ISO text ("2014-01-01"), which make a date axis. */
    static Map<String, Object> line(List<?> x, double[] y, String name, String colour, String dash) {
        return object("type", "scatter", "mode", "lines", "x", x, "y", finiteOrNull(y), "name", name,
                "showlegend", true, "line", object("color", colour, "dash", dash));
    }

    /** A dotted horizontal line from x0 to x1 at {@code y}, named in the legend; x0 and x1 numbers or ISO dates. */
    static Map<String, Object> baseline(double y, String name, Object x0, Object x1) {
        return object("type", "scatter", "mode", "lines", "x", List.of(x0, x1), "y", new double[] {y, y},
                "name", name, "showlegend", true, "line", object("color", "#444444", "dash", "dot"));
    }

    /** A layout with a title and axes. */
    static Map<String, Object> layout(String title, Map<String, Object> xAxis, Map<String, Object> yAxis) {
        return object("title", object("text", title), "xaxis", xAxis, "yaxis", yAxis, "showlegend", true);
    }

    /** NaN and infinity are not JSON: Plotly takes null as a gap. */
    static List<Double> finiteOrNull(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) out.add(Double.isFinite(d) ? d : null);
        return out;
    }
}
