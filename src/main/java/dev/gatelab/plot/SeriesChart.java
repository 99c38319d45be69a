package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named series against a shared x axis: predictions against targets, gradient norms against time.
 * {@code SeriesChart.of("truth", y).and("forecast", p).x(months).title("…").axes("year", "passengers")}; against
 * dates, {@code .x(table.dateColumn("date"))} or a list of {@code LocalDate}s, with spans between dates.
 */
public final class SeriesChart implements Chart {
    private final Map<String, double[]> series = new LinkedHashMap<>();
    private final Map<String, Double> baselines = new LinkedHashMap<>();
    /** Each span's two ends: numbers, or ISO dates on a date axis. */
    private final List<Object[]> spans = new ArrayList<>();
    private final List<String> spanLabels = new ArrayList<>();
    private double[] x;
    /** The x values as ISO dates, when the axis is one of dates; null otherwise. */
    private List<String> dates;
    private String title = "", xTitle = "step", yTitle = "value";
    private boolean log, wholeX;

    private SeriesChart() {}

    /**
     * @param name the series' name in the legend
     * @param values its y values
     * @return a chart of that series
     */
    public static SeriesChart of(String name, double[] values) {
        return new SeriesChart().and(name, values);
    }

    /**
     * @param name the series' name in the legend
     * @param values its y values, as many as every other series
     * @return this chart
     */
    public SeriesChart and(String name, double[] values) {
        int n = series.isEmpty() ? values.length : series.values().iterator().next().length;
        if (values.length != n) {
            throw new ArgumentException("SeriesChart: series '" + name + "' has " + values.length
                    + " values, the others " + n);
        }
        series.put(name, values.clone());
        return this;
    }

    /**
     * @param values the x values, one per value of each series (0, 1, 2, … when not given)
     * @return this chart
     */
    public SeriesChart x(double[] values) {
        int n = series.values().iterator().next().length;
        if (values.length != n) {
            throw new ArgumentException("SeriesChart: x has " + values.length + " values, the series " + n);
        }
        this.x = values.clone();
        this.dates = null;
        return this;
    }

    /**
     * @param days one date per value of each series, in order
     * @return this chart, on a date axis
     */
    public SeriesChart x(List<java.time.LocalDate> days) {
        int n = series.values().iterator().next().length;
        if (days == null || days.size() != n) {
            throw new ArgumentException("SeriesChart: x has " + (days == null ? 0 : days.size()) + " dates, the series " + n);
        }
        List<String> iso = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (days.get(i) == null) throw new ArgumentException("SeriesChart: date " + i + " of x is missing");
            iso.add(days.get(i).toString());
        }
        this.dates = iso;
        this.x = null;
        return this;
    }

    /**
     * @param days a Tablesaw date column, one date per value of each series
     * @return this chart, on a date axis
     */
    public SeriesChart x(tech.tablesaw.api.DateColumn days) {
        return x(days.asList());
    }

    /** @return this chart, with x ticks at whole numbers only, written without separators (years: 1959, 1960) */
    public SeriesChart wholeNumberX() {
        this.wholeX = true;
        return this;
    }

    /**
     * @param t the chart's title
     * @return this chart
     */
    public SeriesChart title(String t) {
        this.title = t;
        return this;
    }

    /**
     * @param xAxis the x axis' title
     * @param yAxis the y axis' title
     * @return this chart
     */
    public SeriesChart axes(String xAxis, String yAxis) {
        this.xTitle = xAxis;
        this.yTitle = yAxis;
        return this;
    }

    /** @return this chart, with a log y axis labelled at powers of ten */
    public SeriesChart logScale() {
        this.log = true;
        return this;
    }

    /**
     * A dotted horizontal line across the chart.
     *
     * @param value where to draw it
     * @param label its name in the legend
     * @return this chart
     */
    public SeriesChart baseline(double value, String label) {
        if (!Double.isFinite(value)) throw new ArgumentException("SeriesChart: baseline must be finite, got " + value);
        baselines.put(label, value);
        return this;
    }

    /**
     * A shaded band across the chart's height from x = {@code from} to {@code to}, labelled at its top: the train,
     * validation and test spans of a series, say.
     *
     * @param from where it starts, on the x axis
     * @param to where it ends, after {@code from}
     * @param label the words written at its top
     * @return this chart
     */
    public SeriesChart span(double from, double to, String label) {
        if (!(Double.isFinite(from) && Double.isFinite(to) && from < to)) {
            throw new ArgumentException("SeriesChart.span: expected finite from < to, got " + from + " and " + to);
        }
        spans.add(new Object[] {from, to});
        spanLabels.add(label);
        return this;
    }

    /**
     * A shaded band between two dates, labelled at its top (on a date axis: see {@link #x(List)}).
     *
     * @param from where it starts (the beginning of that day)
     * @param to where it ends (the beginning of that day), after {@code from}
     * @param label the words written at its top
     * @return this chart
     */
    public SeriesChart span(java.time.LocalDate from, java.time.LocalDate to, String label) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ArgumentException("SeriesChart.span: expected dates from < to, got " + from + " and " + to);
        }
        spans.add(new Object[] {from.toString(), to.toString()});
        spanLabels.add(label);
        return this;
    }

    @Override
    public List<PlotlyFigure> figures() {
        List<Map<String, Object>> traces = new ArrayList<>();
        int k = 0;
        List<Object> xs = new ArrayList<>();
        int n = series.values().iterator().next().length;
        for (int i = 0; i < n; i++) xs.add(dates != null ? dates.get(i) : x != null ? (Object) x[i] : (Object) (double) i);
        boolean dateAxis = dates != null;
        for (Object[] s : spans) {
            if ((s[0] instanceof String) != dateAxis) {
                throw new ArgumentException("SeriesChart.span: a span " + (dateAxis ? "of numbers on a date axis" : "of dates on a numeric axis")
                        + " (" + s[0] + " to " + s[1] + "); give x and the spans in the same kind");
            }
        }
        List<Object> lineX = dateAxis ? xs : Plotly.finiteOrNull(x != null ? x : xs.stream().mapToDouble(v -> (Double) v).toArray())
                .stream().map(v -> (Object) v).toList();
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            traces.add(Plotly.line(lineX, s.getValue(), s.getKey(), Palette.colour(k++), "solid"));
        }
        for (Map.Entry<String, Double> b : baselines.entrySet()) {
            traces.add(Plotly.baseline(b.getValue(), b.getKey(), xs.get(0), xs.get(n - 1)));
        }
        Map<String, Object> xAxis = Plotly.axis(xTitle);
        if (dateAxis) xAxis.put("type", "date");
        if (wholeX) {
            xAxis.put("dtick", 1);
            xAxis.put("tickformat", "d");
        }
        Map<String, Object> layout = Plotly.layout(title, xAxis, log ? Plotly.logAxis(yTitle, traces) : Plotly.axis(yTitle));
        if (!spans.isEmpty()) {
            List<Map<String, Object>> shapes = new ArrayList<>(), notes = new ArrayList<>();
            for (int i = 0; i < spans.size(); i++) {
                Object[] s = spans.get(i);
                shapes.add(Plotly.object("type", "rect", "xref", "x", "yref", "paper", "x0", s[0], "x1", s[1], "y0", 0,
                        "y1", 1, "fillcolor", Palette.colour(i), "opacity", 0.08, "line", Plotly.object("width", 0),
                        "layer", "below"));
                Object middle = dateAxis ? midpoint((String) s[0], (String) s[1]) : ((Double) s[0] + (Double) s[1]) / 2;
                notes.add(Plotly.object("xref", "x", "yref", "paper", "x", middle, "y", 1, "yanchor", "bottom",
                        "text", spanLabels.get(i), "showarrow", false));
            }
            layout.put("shapes", shapes);
            layout.put("annotations", notes);
        }
        return List.of(new PlotlyFigure(traces, layout));
    }

    private static String midpoint(String from, String to) {
        java.time.LocalDate a = java.time.LocalDate.parse(from), b = java.time.LocalDate.parse(to);
        return a.plusDays(java.time.temporal.ChronoUnit.DAYS.between(a, b) / 2).toString();
    }

    @Override
    public String toString() {
        return "SeriesChart" + series.keySet();
    }
}
