package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.train.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training curves: train loss solid, validation loss dashed, one colour per run, loss on a log scale labelled at
 * powers of ten; optionally a baseline drawn as a dotted line (the loss of a model that learned nothing, say).
 * {@code LossChart.of("LSTM", lstmHistory).and("GRU", gruHistory).baseline(0.167, "answer the mean")}
 */
public final class LossChart implements Chart {
    private final Map<String, History> runs = new LinkedHashMap<>();
    private final Map<String, Double> baselines = new LinkedHashMap<>();
    private String title = "Loss";
    private boolean log = true;

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
        if (!Double.isFinite(value) || (log && value <= 0)) {
            throw new ArgumentException("LossChart: baseline must be finite (and positive on a log scale), got " + value);
        }
        baselines.put(label, value);
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

    /** @return this chart, with a linear loss axis instead of the log one */
    public LossChart linearScale() {
        this.log = false;
        return this;
    }

    @Override
    public List<PlotlyFigure> figures() {
        List<Map<String, Object>> traces = new ArrayList<>();
        int k = 0, maxEpoch = 1;
        for (Map.Entry<String, History> run : runs.entrySet()) {
            String colour = Palette.colour(k++);
            History h = run.getValue();
            double[] epochs = h.intColumn("epoch").asDoubleArray();
            maxEpoch = Math.max(maxEpoch, h.epochs());
            traces.add(Plotly.line(epochs, h.doubleColumn("train_loss").asDoubleArray(), run.getKey() + " train",
                    colour, "solid"));
            double[] val = h.doubleColumn("val_loss").asDoubleArray();
            if (val.length > 0 && !Double.isNaN(val[0])) {
                traces.add(Plotly.line(epochs, val, run.getKey() + " validation", colour, "dash"));
            }
        }
        for (Map.Entry<String, Double> b : baselines.entrySet()) {
            traces.add(Plotly.baseline(b.getValue(), b.getKey(), 1, maxEpoch));
        }
        return List.of(new PlotlyFigure(traces,
                Plotly.layout(title, Plotly.axis("epoch"), log ? Plotly.logAxis("loss", traces) : Plotly.axis("loss"))));
    }

    @Override
    public String toString() {
        return "LossChart" + runs.keySet();
    }
}
