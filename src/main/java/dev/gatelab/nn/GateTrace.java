package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every step's gate activations, cell state and hidden state from one forward pass of a recurrent layer: LSTM i, f,
 * g, o, c, h; GRU r, z, n, h; RNN h; and, once a backward has run, the gradient norm at every step. Steps past a sample's length are not recorded (NaN in the matrices, absent from
 * the table).
 *
 * <pre>{@code
 * lstm.recordGates(true);
 * lstm.forward(x);
 * Table t = lstm.lastTrace().toTable();     // layer, direction, sample, step, unit, gate, value
 * DMatrixRMaj f = lstm.lastTrace().matrix(0, "forward", 0, "f");   // steps × units
 * }</pre>
 */
public final class GateTrace {
    private final Map<String, float[][][]> values = new LinkedHashMap<>();
    private final Map<String, double[]> gradientSquares = new LinkedHashMap<>();
    private final int steps, batch;
    private final List<String> gates;

    GateTrace(int steps, int batch, List<String> gates) {
        this.steps = steps;
        this.batch = batch;
        this.gates = gates;
    }

    /** The names recorded, in order (e.g. i, f, g, o, c, h). */
    public List<String> gates() {
        return new ArrayList<>(gates);
    }

    public int steps() {
        return steps;
    }

    /** Where one layer and direction writes its steps. */
    Recorder recorder(int layer, String direction, CellMath cell, int hidden, int proj) {
        return new Recorder(layer, direction, cell, hidden, proj);
    }

    final class Recorder {
        private final int layer;
        private final String direction;
        private final CellMath cell;
        private final int hidden, proj;

        private Recorder(int layer, String direction, CellMath cell, int hidden, int proj) {
            this.layer = layer;
            this.direction = direction;
            this.cell = cell;
            this.hidden = hidden;
            this.proj = proj;
        }

        void step(int t, Tensor act, Tensor c, Tensor h, int[] lengths) {
            String[] names = cell.gateNames();
            if (cell.gates() > 1) {
                for (int g = 0; g < names.length; g++) {
                    put(names[g], t, act, names.length * hidden, g * hidden, hidden, lengths);
                }
            }
            if (c != null) put("c", t, c, hidden, 0, hidden, lengths);
            put("h", t, h, proj, 0, proj, lengths);
        }

        /** Backward's gradient at h_t, summed in squares over the batch and units. */
        void gradient(int t, Tensor dh) {
            double[] sq = gradientSquares.computeIfAbsent(layer + "/" + direction, k -> new double[steps]);
            for (int i = 0; i < dh.size(); i++) sq[t] += dh.get(i) * dh.get(i);
        }

        private void put(String gate, int t, Tensor source, int rowWidth, int offset, int n, int[] lengths) {
            float[][][] v = values.computeIfAbsent(key(layer, direction, gate), k -> nanFilled(n));
            for (int b = 0; b < batch; b++) {
                if (lengths != null && t >= lengths[b]) continue;
                for (int j = 0; j < n; j++) v[b][t][j] = (float) source.get(b * rowWidth + offset + j);
            }
        }
    }

    private float[][][] nanFilled(int n) {
        float[][][] v = new float[batch][steps][n];
        for (float[][] sample : v) for (float[] step : sample) java.util.Arrays.fill(step, Float.NaN);
        return v;
    }

    private static String key(int layer, String direction, String gate) {
        return layer + "/" + direction + "/" + gate;
    }

    /** One gate of one sample as a steps × units matrix. */
    public DMatrixRMaj matrix(int layer, String direction, int sample, String gate) {
        float[][][] v = values.get(key(layer, direction, gate));
        if (v == null) {
            throw new ArgumentException("GateTrace: nothing recorded for layer " + layer + ", direction '"
                    + direction + "', gate '" + gate + "'; recorded: " + values.keySet());
        }
        if (sample < 0 || sample >= batch) {
            throw new ArgumentException("GateTrace: sample " + sample + " is outside the batch of " + batch);
        }
        DMatrixRMaj out = new DMatrixRMaj(steps, v[sample][0].length);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < out.numCols; j++) out.set(t, j, v[sample][t][j]);
        }
        return out;
    }

    /**
     * ‖∂L/∂h_t‖ for every step t (over the whole batch), filled in when a backward has run through the recorded
     * forward: how much the loss still feels each step, the quantity that vanishes in a plain RNN.
     */
    public double[] gradientNorms(int layer, String direction) {
        double[] sq = gradientSquares.get(layer + "/" + direction);
        if (sq == null) {
            throw new IllegalStateException("GateTrace: no gradients recorded for layer " + layer + ", direction '"
                    + direction + "'; call backward() on a loss computed from the recorded forward first");
        }
        double[] out = new double[sq.length];
        for (int t = 0; t < out.length; t++) out[t] = Math.sqrt(sq[t]);
        return out;
    }

    /** Everything recorded, one row per (layer, direction, sample, step, unit, gate). */
    public Table toTable() {
        IntColumn layerCol = IntColumn.create("layer"), sampleCol = IntColumn.create("sample");
        IntColumn stepCol = IntColumn.create("step"), unitCol = IntColumn.create("unit");
        StringColumn dirCol = StringColumn.create("direction"), gateCol = StringColumn.create("gate");
        DoubleColumn valueCol = DoubleColumn.create("value");
        values.forEach((k, v) -> {
            String[] parts = k.split("/");
            int layer = Integer.parseInt(parts[0]);
            for (int b = 0; b < v.length; b++) {
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < v[b][t].length; j++) {
                        if (Float.isNaN(v[b][t][j])) continue;
                        layerCol.append(layer);
                        dirCol.append(parts[1]);
                        sampleCol.append(b);
                        stepCol.append(t);
                        unitCol.append(j);
                        gateCol.append(parts[2]);
                        valueCol.append(v[b][t][j]);
                    }
                }
            }
        });
        return Table.create("gates", layerCol, dirCol, sampleCol, stepCol, unitCol, gateCol, valueCol);
    }
}
