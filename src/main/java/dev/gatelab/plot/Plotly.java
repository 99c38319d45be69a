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

    /** A log axis labelled at powers of ten (10⁻³, not 1m). */
    static Map<String, Object> logAxis(String title) {
        Map<String, Object> a = axis(title + " (log scale)");
        a.put("type", "log");
        a.put("exponentformat", "power");
        a.put("dtick", 1);
        return a;
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
        return object("type", "scatter", "mode", "lines", "x", finiteOrNull(x), "y", finiteOrNull(y), "name", name,
                "showlegend", true, "line", object("color", colour, "dash", dash));
    }

    /** A dotted horizontal line from x0 to x1 at {@code y}, named in the legend. */
    static Map<String, Object> baseline(double y, String name, double x0, double x1) {
        return object("type", "scatter", "mode", "lines", "x", new double[] {x0, x1}, "y", new double[] {y, y},
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
