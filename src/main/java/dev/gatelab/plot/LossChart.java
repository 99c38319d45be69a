package dev.gatelab.plot;

import dev.gatelab.train.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Training curves: train loss solid, validation loss dashed, one colour per run, loss on a log scale.
 * {@code LossChart.of("LSTM", lstmHistory).and("GRU", gruHistory)}
 */
public final class LossChart implements Chart {
    private final Map<String, History> runs = new LinkedHashMap<>();
    private String title = "Loss";
    private boolean log = true;

    public static LossChart of(String run, History history) {
        return new LossChart().and(run, history);
    }

    public LossChart and(String run, History history) {
        runs.put(run, history);
        return this;
    }

    public LossChart title(String t) {
        this.title = t;
        return this;
    }

    public LossChart linearScale() {
        this.log = false;
        return this;
    }

    @Override
    public List<Figure> figures() {
        List<Trace> traces = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, History> run : runs.entrySet()) {
            String colour = Palette.colour(k++);
            History h = run.getValue();
            double[] epochs = h.intColumn("epoch").asDoubleArray();
            traces.add(line(epochs, h.doubleColumn("train_loss").asDoubleArray(), run.getKey() + " train", colour,
                    Line.Dash.SOLID));
            double[] val = h.doubleColumn("val_loss").asDoubleArray();
            if (val.length > 0 && !Double.isNaN(val[0])) {
                traces.add(line(epochs, val, run.getKey() + " validation", colour, Line.Dash.DASH));
            }
        }
        Layout layout = Layout.builder().title(title).showLegend(true)
                .xAxis(Axis.builder().title("epoch").build())
                .yAxis(Axis.builder().title("loss" + (log ? " (log scale)" : "")).type(log ? Axis.Type.LOG : Axis.Type.LINEAR).build())
                .build();
        return List.of(new Figure(layout, traces.toArray(new Trace[0])));
    }

    @Override
    public String toString() {
        return "LossChart" + runs.keySet();
    }

    static ScatterTrace line(double[] x, double[] y, String name, String colour, Line.Dash dash) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(name).showLegend(true)
                .line(Line.builder().color(colour).dash(dash).build()).build();
    }
}
