package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.train.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training curves: train loss solid, validation loss dashed, one colour per run (runs may have stopped at different
 * epochs), loss on a log scale labelled from its span; optionally a baseline drawn as a dotted line (the loss of a
 * model that learned nothing, say). {@code LossChart.of("LSTM", lstmHistory).and("GRU", gruHistory).baseline(0.167,
 * "answer the mean")}
 *
 * <p>Any other History column instead of the losses: {@code LossChart.of("GRU", h).column("val_mae")}, on a linear
 * axis unless {@link #logScale()} asks otherwise (a metric in °C is read in degrees, a loss over decades).
 */
public final class LossChart implements Chart {
    private final Map<String, History> runs = new LinkedHashMap<>();
    private final Map<String, Double> baselines = new LinkedHashMap<>();
    private String title = "Loss";
    /** The column drawn instead of the losses, or null for train_loss and val_loss. */
    private String column;
    /** The scale asked for, or null for the default: log for the losses, linear for another column. */
    private Boolean log;

    private LossChart() {}

    /**
     * @param run the run's name in the legend
     * @param history what {@code Trainer.fit} returned, or a History loaded back
     * @return a chart of that run
     */
    public static LossChart of(String run, History history) {
        return new LossChart().and(run, history);
    }

    /**
     * @param run the run's name in the legend
     * @param history its History
     * @return this chart, with the run added
     */
    public LossChart and(String run, History history) {
        if (history == null) throw new ArgumentException("LossChart: the History of run '" + run + "' is null");
        if (runs.containsKey(run)) throw new ArgumentException("LossChart: run '" + run + "' is already drawn");
        runs.put(run, history);
        return this;
    }

    /**
     * A dotted horizontal line across every epoch.
     *
     * @param value the loss to draw it at (positive on the default log scale)
     * @param label its name in the legend
     * @return this chart
     */
    public LossChart baseline(double value, String label) {
        if (!Double.isFinite(value) || (logAxis() && value <= 0)) {
            throw new ArgumentException("LossChart: baseline must be finite (and positive on a log scale), got " + value);
        }
        baselines.put(label, value);
        return this;
    }

    /**
     * @param name a History column every run has, e.g. "val_mae" or "lr"
     * @return this chart, drawing that column of each run instead of the losses
     */
    public LossChart column(String name) {
        for (Map.Entry<String, History> run : runs.entrySet()) {
            if (!run.getValue().columnNames().contains(name)) {
                throw new ArgumentException("LossChart.column: run '" + run.getKey() + "' has no column '" + name + "'; it has "
                        + run.getValue().columnNames());
            }
        }
        this.column = name;
        if (title.equals("Loss")) title = name;
        return this;
    }

    /**
     * @param t the chart's title
     * @return this chart
     */
    public LossChart title(String t) {
        this.title = t;
        return this;
    }

    /** @return this chart, on a linear y axis */
    public LossChart linearScale() {
        this.log = false;
        return this;
    }

    /** @return this chart, on a log y axis labelled from its span */
    public LossChart logScale() {
        this.log = true;
        return this;
    }

    private boolean logAxis() {
        return log != null ? log : column == null;
    }

    @Override
    public List<PlotlyFigure> figures() {
        List<Map<String, Object>> traces = new ArrayList<>();
        int k = 0, maxEpoch = 1;
        boolean onLog = logAxis();
        for (Map.Entry<String, History> run : runs.entrySet()) {
            String colour = Palette.colour(k++);
            History h = run.getValue();
            double[] epochs = h.intColumn("epoch").asDoubleArray();
            maxEpoch = Math.max(maxEpoch, h.epochs());
            if (column != null) {
                if (!h.columnNames().contains(column)) {
                    throw new ArgumentException("LossChart: run '" + run.getKey() + "' has no column '" + column + "'; it has " + h.columnNames());
                }
                traces.add(Plotly.line(epochs, h.doubleColumn(column).asDoubleArray(), run.getKey(), colour,
                        column.startsWith("val_") ? "dash" : "solid"));
                continue;
            }
            traces.add(Plotly.line(epochs, h.doubleColumn("train_loss").asDoubleArray(), run.getKey() + " train",
                    colour, "solid"));
            double[] val = h.doubleColumn("val_loss").asDoubleArray();
            if (val.length > 0 && !Double.isNaN(val[0])) {
                traces.add(Plotly.line(epochs, val, run.getKey() + " validation", colour, "dash"));
            }
        }
        for (Map.Entry<String, Double> b : baselines.entrySet()) {
            if (onLog && b.getValue() <= 0) {
                throw new ArgumentException("LossChart: baseline '" + b.getKey() + "' is " + b.getValue() + ", which a log axis cannot show");
            }
            traces.add(Plotly.baseline(b.getValue(), b.getKey(), 1, maxEpoch));
        }
        String y = column != null ? column : "loss";
        return List.of(new PlotlyFigure(traces,
                Plotly.layout(title, Plotly.axis("epoch"), onLog ? Plotly.logAxis(y, traces) : Plotly.axis(y))));
    }

    @Override
    public String toString() {
        return "LossChart" + runs.keySet();
    }
}
