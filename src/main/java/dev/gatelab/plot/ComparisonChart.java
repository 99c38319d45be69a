package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of several runs side by side: one column per model, one marker per run (a seed), and a short line at each
 * model's mean (the geometric mean on a log scale). Every run is shown, so the spread between seeds is seen, not hidden in an average.
 * {@code ComparisonChart.of("adding problem").add("LSTM", 0.002, 0.004, 0.003).add("GRU", …).logScale()}
 */
public final class ComparisonChart implements Chart {
    private final Map<String, double[]> runs = new LinkedHashMap<>();
    private final Map<String, Double> baselines = new LinkedHashMap<>();
    private final String measure;
    private String title = "", xTitle = "model";
    private boolean log;

    private ComparisonChart(String measure) {
        this.measure = measure;
    }

    /**
     * @param measure what each run's value is: the y axis' title
     * @return an empty chart
     */
    public static ComparisonChart of(String measure) {
        return new ComparisonChart(measure);
    }

    /**
     * @param model the column's label
     * @param values one value per run, at least one, all finite
     * @return this chart
     */
    public ComparisonChart add(String model, double... values) {
        if (values.length == 0) throw new ArgumentException("ComparisonChart: model '" + model + "' has no runs");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) || (log && values[i] <= 0)) {
                throw new ArgumentException("ComparisonChart: run " + i + " of '" + model + "' is " + values[i]
                        + "; values must be finite" + (log ? " and positive on a log scale" : ""));
            }
        }
        if (runs.containsKey(model)) throw new ArgumentException("ComparisonChart: model '" + model + "' is added twice");
        runs.put(model, values.clone());
        return this;
    }

    /**
     * @param t the chart's title
     * @return this chart
     */
    public ComparisonChart title(String t) {
        this.title = t;
        return this;
    }

    /**
     * @param xAxis the title of the axis of models
     * @return this chart
     */
    public ComparisonChart modelAxis(String xAxis) {
        this.xTitle = xAxis;
        return this;
    }

    /** @return this chart, with a log y axis (ticks from the data's span) and the geometric mean of each model's runs */
    public ComparisonChart logScale() {
        for (Map.Entry<String, double[]> e : runs.entrySet()) {
            for (double v : e.getValue()) {
                if (v <= 0) throw new ArgumentException("ComparisonChart: '" + e.getKey() + "' has " + v + ", which a log scale cannot show");
            }
        }
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
    public ComparisonChart baseline(double value, String label) {
        if (!Double.isFinite(value)) throw new ArgumentException("ComparisonChart: baseline must be finite, got " + value);
        baselines.put(label, value);
        return this;
    }

    @Override
    public List<PlotlyFigure> figures() {
        if (runs.isEmpty()) throw new ArgumentException("ComparisonChart: add at least one model");
        List<String> xs = new ArrayList<>(), means = new ArrayList<>();
        List<Double> ys = new ArrayList<>(), meanYs = new ArrayList<>();
        for (Map.Entry<String, double[]> e : runs.entrySet()) {
            double sum = 0;
            for (double v : e.getValue()) {
                xs.add(e.getKey());
                ys.add(v);
                sum += log ? Math.log(v) : v;     // on a log axis the centre is where the axis puts it: the geometric mean
            }
            means.add(e.getKey());
            double mean = sum / e.getValue().length;
            meanYs.add(log ? Math.exp(mean) : mean);
        }
        List<Map<String, Object>> traces = new ArrayList<>();
        traces.add(Plotly.object("type", "scatter", "mode", "markers", "x", xs, "y", ys, "name", "each run",
                "showlegend", true, "marker", Plotly.object("color", Palette.colour(0), "size", 9, "opacity", 0.7)));
        traces.add(Plotly.object("type", "scatter", "mode", "markers", "x", means, "y", meanYs, "name", log ? "geometric mean" : "mean",
                "showlegend", true, "marker", Plotly.object("color", "#222222", "symbol", "line-ew-open", "size", 26,
                        "line", Plotly.object("width", 2))));
        List<String> models = new ArrayList<>(runs.keySet());
        for (Map.Entry<String, Double> b : baselines.entrySet()) {
            traces.add(Plotly.object("type", "scatter", "mode", "lines", "x", List.of(models.get(0), models.get(models.size() - 1)),
                    "y", List.of(b.getValue(), b.getValue()), "name", b.getKey(), "showlegend", true,
                    "line", Plotly.object("color", "#444444", "dash", "dot")));
        }
        return List.of(new PlotlyFigure(traces,
                Plotly.layout(title, Plotly.categoryAxis(xTitle), log ? Plotly.logAxis(measure, traces) : Plotly.axis(measure))));
    }

    @Override
    public String toString() {
        return "ComparisonChart(" + measure + ": " + runs.keySet() + ")";
    }
}
