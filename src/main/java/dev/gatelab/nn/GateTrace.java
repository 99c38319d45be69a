package dev.gatelab.nn;

import dev.gatelab.cell.CellDefinition;
import dev.gatelab.engine.CellStep;
import dev.gatelab.cell.TracedValue;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every step's gate activations, cell state and hidden state from one forward pass of a recurrent layer: LSTM i, f,
 * g, o, c, h; GRU r, z, n, h; RNN h; and, from {@link SequenceModel#traceGradients}, the gradient norm
 * ‖∂L/∂h_t‖ at every step. Steps past a sample's length are not recorded (NaN in the tensors, absent from the table).
 *
 * <pre>{@code
 * GateTrace trace = model.trace(inputs);
 * Tensor f = trace.gate("f");                          // [samples, steps, units], layer 0, forward
 * Tensor c = trace.gate(1, Direction.REVERSE, "c");    // another layer and direction
 * Tensor one = trace.gate(0, Direction.FORWARD, "f", 3);   // sample 3: [steps, units]
 * }</pre>
 */
public final class GateTrace {
    private record Key(int layer, Direction direction, String gate) {}

    private record Stream(int layer, Direction direction) {}

    private final String layerName;
    private final int layers, directions, steps, batch;
    private final int[] lengths;
    private final List<String> gates;
    private final List<TracedValue> traced;
    /** Each recorded value, [samples, steps, units], in the layer's own dtype; NaN past a sample's length. */
    private final Map<Key, Tensor> values = new LinkedHashMap<>();
    private final Map<Stream, double[]> gradientSquares = new LinkedHashMap<>();

    GateTrace(String layerName, int layers, int directions, int steps, int batch, int[] lengths, List<TracedValue> traced) {
        this.layerName = layerName;
        this.layers = layers;
        this.directions = directions;
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths == null ? null : lengths.clone();
        this.traced = List.copyOf(traced);
        this.gates = traced.stream().map(TracedValue::name).toList();
    }

    /** @return the names recorded, in order (e.g. i, f, g, o, c, h) */
    public List<String> gates() {
        return gates;
    }

    /**
     * What a recorded name is, as the cell's definition says: gate, candidate, state or output, its activation and
     * the range its equations allow. Charts colour and count by this, never by the name.
     *
     * @param name one of {@link #gates()}
     * @return its description
     * @throws ArgumentException naming what was recorded, when the name was not
     */
    public TracedValue traced(String name) {
        for (TracedValue v : traced) if (v.name().equals(name)) return v;
        throw new ArgumentException("GateTrace: no gate '" + name + "' in a trace of " + layerName + "; it recorded " + gates);
    }

    /** @return every recorded name's description, in the order of {@link #gates()} */
    public List<TracedValue> tracedValues() {
        return traced;
    }

    /** @return the number of layers recorded */
    public int layers() {
        return layers;
    }

    /** @return the directions recorded: FORWARD, and REVERSE for a bidirectional layer */
    public List<Direction> directions() {
        return directions == 2 ? List.of(Direction.FORWARD, Direction.REVERSE) : List.of(Direction.FORWARD);
    }

    /** @return the number of steps of the input */
    public int steps() {
        return steps;
    }

    /** @return the number of samples of the input */
    public int samples() {
        return batch;
    }

    /**
     * The steps recorded for one sample.
     *
     * @param sample a sample of the input
     * @return its length: the input's steps, or the length it was given
     */
    public int length(int sample) {
        checkSample(sample);
        return lengths == null ? steps : lengths[sample];
    }

    /** @return whether the gradient norms were recorded ({@link SequenceModel#traceGradients}) */
    public boolean hasGradients() {
        return !gradientSquares.isEmpty();
    }

    /**
     * One gate of layer 0, forward direction, for every sample.
     *
     * @param gate one of {@link #gates()}
     * @return [samples, steps, units] (float64), NaN past a sample's length
     */
    public Tensor gate(String gate) {
        return gate(0, Direction.FORWARD, gate);
    }

    /**
     * One gate of one layer and direction, for every sample.
     *
     * @param layer in [0, layers)
     * @param direction FORWARD, or REVERSE for a bidirectional layer
     * @param gate one of {@link #gates()}
     * @return [samples, steps, units] (float64), NaN past a sample's length
     */
    public Tensor gate(int layer, Direction direction, String gate) {
        return recorded(layer, direction, gate).to(DType.FLOAT64);
    }

    /**
     * One gate of one layer, direction and sample.
     *
     * @param layer in [0, layers)
     * @param direction FORWARD, or REVERSE for a bidirectional layer
     * @param gate one of {@link #gates()}
     * @param sample in [0, samples)
     * @return [steps, units] (float64), NaN past the sample's length
     */
    public Tensor gate(int layer, Direction direction, String gate, int sample) {
        checkSample(sample);
        Tensor v = recorded(layer, direction, gate);
        int units = v.dim(2);
        Tensor out = Tensor.zeros(DType.FLOAT64, steps, units);
        for (int i = 0; i < steps * units; i++) out.set(i, v.get(sample * steps * units + i));
        return out;
    }

    /**
     * Checks that a gate was recorded.
     *
     * @param layer in [0, layers)
     * @param direction FORWARD, or REVERSE for a bidirectional layer
     * @param gate one of {@link #gates()}
     * @throws ArgumentException saying what was recorded, when that was not
     */
    public void check(int layer, Direction direction, String gate) {
        recorded(layer, direction, gate);
    }

    /**
     * Checks that a sample is in the trace.
     *
     * @param sample a sample index
     * @throws ArgumentException when it is outside [0, samples)
     */
    public void checkSample(int sample) {
        if (sample < 0 || sample >= batch) {
            throw new ArgumentException("GateTrace: sample " + sample + " is outside [0, " + batch
                    + "): the trace holds " + batch + " samples");
        }
    }

    private Tensor recorded(int layer, Direction direction, String gate) {
        if (layer < 0 || layer >= layers) {
            throw new ArgumentException("GateTrace: layer " + layer + " is outside [0, " + layers + ")");
        }
        if (direction == Direction.REVERSE && directions == 1) {
            throw new ArgumentException("GateTrace: direction REVERSE, but " + layerName + " is not bidirectional");
        }
        Tensor v = values.get(new Key(layer, direction, gate));
        if (v == null) {
            throw new ArgumentException("GateTrace: no gate '" + gate + "' in a trace of " + layerName
                    + "; it recorded " + gates);
        }
        return v;
    }

    /** @return ‖∂L/∂h_t‖ of layer 0, forward, for every step t (see {@link #gradientNorms(int, Direction)}) */
    public double[] gradientNorms() {
        return gradientNorms(0, Direction.FORWARD);
    }

    /**
     * ‖∂L/∂h_t‖ for every step t, over the whole batch: how much the loss still feels each step, the quantity that
     * vanishes in a plain RNN.
     *
     * @param layer in [0, layers)
     * @param direction FORWARD, or REVERSE for a bidirectional layer
     * @return one norm per step
     * @throws ArgumentException when the trace was made without gradients ({@link SequenceModel#trace})
     */
    public double[] gradientNorms(int layer, Direction direction) {
        double[] sq = gradientSquares.get(new Stream(layer, direction));
        if (sq == null) {
            throw new ArgumentException("GateTrace: no gradient norms for layer " + layer + ", " + direction
                    + "; make the trace with model.traceGradients(inputs, targets, loss)");
        }
        double[] out = new double[sq.length];
        for (int t = 0; t < out.length; t++) out[t] = Math.sqrt(sq[t]);
        return out;
    }

    /**
     * How closely one unit follows a signal: Pearson's r between the unit's values and the signal over every
     * recorded step of every sample (layer 0, forward).
     *
     * @param unit the unit
     * @param r the correlation, in [−1, 1]
     */
    public record UnitCorrelation(int unit, double r) {
        /** @return e.g. "unit 3: r = -0.947" */
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "unit %d: r = %.3f", unit, r);
        }
    }

    /**
     * Finds the units that track something measurable (the position in a line, being inside a quotation…), as
     * Karpathy, Johnson and Fei-Fei (2015) did: every unit of a gate is correlated with the signal over every
     * recorded step of every sample, layer 0, forward.
     *
     * @param gate a gate or state of the trace, e.g. "c"
     * @param signal one value per sample and step, sample by sample ([samples, steps] flattened, or the targets
     *     [samples, steps, 1] of a per-step task as {@code toArray()} gives them)
     * @return every unit with its r, the strongest (by |r|) first
     */
    public List<UnitCorrelation> unitsTracking(String gate, double[] signal) {
        if (signal.length != batch * steps) {
            throw new ArgumentException("GateTrace.unitsTracking: the signal has " + signal.length + " values for "
                    + batch + " samples × " + steps + " steps");
        }
        Tensor v = recorded(0, Direction.FORWARD, gate);
        int units = v.dim(2);
        List<UnitCorrelation> out = new ArrayList<>();
        for (int j = 0; j < units; j++) {
            double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int k = 0; k < batch * steps; k++) {
                double x = v.get(k * units + j), y = signal[k];
                if (Double.isNaN(x)) continue;
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
            double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
            out.add(new UnitCorrelation(j, vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0));
        }
        out.sort((a, b) -> Double.compare(Math.abs(b.r()), Math.abs(a.r())));
        return out;
    }

    /** @return everything recorded, one row per (layer, direction, sample, step, unit, gate) */
    public Table toTable() {
        IntColumn layerCol = IntColumn.create("layer"), sampleCol = IntColumn.create("sample");
        IntColumn stepCol = IntColumn.create("step"), unitCol = IntColumn.create("unit");
        StringColumn dirCol = StringColumn.create("direction"), gateCol = StringColumn.create("gate");
        DoubleColumn valueCol = DoubleColumn.create("value");
        values.forEach((k, v) -> {
            int units = v.dim(2);
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < units; j++) {
                        double value = v.get((b * steps + t) * units + j);
                        if (Double.isNaN(value)) continue;
                        layerCol.append(k.layer());
                        dirCol.append(k.direction().toString());
                        sampleCol.append(b);
                        stepCol.append(t);
                        unitCol.append(j);
                        gateCol.append(k.gate());
                        valueCol.append(value);
                    }
                }
            }
        });
        return Table.create("gates", layerCol, dirCol, sampleCol, stepCol, unitCol, gateCol, valueCol);
    }

    @Override
    public String toString() {
        return "GateTrace(" + layerName + ": " + batch + (batch == 1 ? " sample" : " samples") + " × " + steps
                + " steps, " + layers + (layers == 1 ? " layer" : " layers") + ", " + directions() + ", gates "
                + String.join(", ", gates) + (hasGradients() ? ", with ‖∂L/∂h_t‖" : "") + ")";
    }

    // ---------------------------------------------------------------- recording, by the layer

    /** Where one layer and direction writes its steps. */
    Recorder recorder(int layer, Direction direction, CellDefinition cell, int hidden, int proj) {
        return new Recorder(layer, direction, cell, hidden, proj);
    }

    final class Recorder {
        private final int layer;
        private final Direction direction;
        private final CellDefinition cell;
        private final int hidden, proj;

        private Recorder(int layer, Direction direction, CellDefinition cell, int hidden, int proj) {
            this.layer = layer;
            this.direction = direction;
            this.cell = cell;
            this.hidden = hidden;
            this.proj = proj;
        }

        /**
         * One step's named gates and states, for every sample still running: the step that computed them says where
         * each is ({@link CellStep#value}); h, after any projection, is the layer's own.
         */
        void step(int t, CellStep values, Tensor h, int[] lengths) {
            for (String name : cell.tracedNames()) {
                if (!name.equals("h")) put(name, t, hidden, h.dtype(), (b, j) -> values.value(name, b, j), lengths);
            }
            put("h", t, proj, h.dtype(), (b, j) -> h.get(b * proj + j), lengths);
        }

        /** Backward's gradient at h_t, summed in squares over the batch and units. */
        void gradient(int t, Tensor dh) {
            double[] sq = gradientSquares.computeIfAbsent(new Stream(layer, direction), k -> new double[steps]);
            for (int i = 0; i < dh.size(); i++) sq[t] += dh.get(i) * dh.get(i);
        }

        private void put(String gate, int t, int n, DType dtype, Value source, int[] lengths) {
            Tensor v = values.computeIfAbsent(new Key(layer, direction, gate), k -> nanFilled(n, dtype));
            for (int b = 0; b < batch; b++) {
                if (lengths != null && t >= lengths[b]) continue;
                for (int j = 0; j < n; j++) v.set((b * steps + t) * n + j, source.at(b, j));
            }
        }
    }

    /** A step's value of one sample and unit. */
    private interface Value {
        double at(int sample, int unit);
    }

    private Tensor nanFilled(int n, DType dtype) {
        Tensor v = Tensor.zeros(dtype, batch, steps, n);
        for (int i = 0; i < v.size(); i++) v.set(i, Double.NaN);
        return v;
    }

}
