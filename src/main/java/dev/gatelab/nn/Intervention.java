package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.engine.CellStep;
import dev.gatelab.cell.TracedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A change made to a recurrent layer's values as it runs: some units of one traced value (a gate, the cell state or
 * h) of one layer and direction set to a constant, silenced, or replaced by their mean, at every step or over a span
 * of steps. The fused kernels make the change inside the step, right after the value is computed, so everything the
 * step computes from it (c from the gates, h from c) and every later step sees the new value; a trace records it.
 * Run a model with it through {@link SequenceModel#with(Intervention...)}:
 *
 * <pre>{@code
 * Intervention quiet = Intervention.on("c").units(12, 40).silence();             // layer 0, forward, every step
 * Intervention open = Intervention.on("f").layer(1).steps(10, 20).clamp(1.0);     // every unit, steps [10, 20)
 * Intervention typical = Intervention.on("h").units(7).mean(model.trace(x));      // each unit's mean over a trace
 * double loss = model.with(quiet, open).evaluate(heldOut, Losses.crossEntropy());
 * }</pre>
 *
 * <p>Interventions run without a graph (predict, evaluate, trace, generate): the derivative of a value that was set
 * is not the derivative of the equations, so a forward with gradients on is refused.
 */
public final class Intervention {
    private final String name;
    private final int layer;
    private final Direction direction;
    /** The units changed, or null for all of them. */
    private final int[] units;
    /** One value per unit of {@link #units}, or one value for every unit. */
    private final double[] values;
    /** The steps changed, [from, to), or to = −1 for every step. */
    private final int from, to;

    private Intervention(Builder b, double[] values) {
        this.name = b.name;
        this.layer = b.layer;
        this.direction = b.direction;
        this.units = b.units;
        this.values = values;
        this.from = b.from;
        this.to = b.to;
    }

    /**
     * Starts an intervention on a traced value of layer 0, forward direction, every unit and every step.
     *
     * @param name a name a trace records: a gate the cell names ("f"), its state ("c") or "h"
     * @return a builder; end it with {@link Builder#clamp}, {@link Builder#silence}, {@link Builder#set} or
     *     {@link Builder#mean}
     */
    public static Builder on(String name) {
        if (name == null || name.isEmpty()) throw new ArgumentException("Intervention.on: name a traced value (a gate, the state or h)");
        return new Builder(name);
    }

    /** Where and on what an intervention acts; the last call says what it sets the units to. */
    public static final class Builder {
        private final String name;
        private int layer;
        private Direction direction = Direction.FORWARD;
        private int[] units;
        private int from, to = -1;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * @param l the layer, from 0
         * @return this builder
         */
        public Builder layer(int l) {
            if (l < 0) throw new ArgumentException("Intervention.layer: must be >= 0, got " + l);
            this.layer = l;
            return this;
        }

        /**
         * @param d REVERSE for the backward half of a bidirectional layer
         * @return this builder
         */
        public Builder direction(Direction d) {
            if (d == null) throw new ArgumentException("Intervention.direction: null");
            this.direction = d;
            return this;
        }

        /**
         * @param list the units to change (all of them when this is not called)
         * @return this builder
         */
        public Builder units(int... list) {
            if (list == null || list.length == 0) throw new ArgumentException("Intervention.units: name at least one unit");
            for (int u : list) if (u < 0) throw new ArgumentException("Intervention.units: unit " + u + " is negative");
            if (Arrays.stream(list).distinct().count() != list.length) {
                throw new ArgumentException("Intervention.units: a unit is named twice in " + Arrays.toString(list));
            }
            this.units = list.clone();
            return this;
        }

        /**
         * Changes only steps [first, end), counted in the input's time order (also for the reverse direction).
         *
         * @param first the first step changed
         * @param end one past the last
         * @return this builder
         */
        public Builder steps(int first, int end) {
            if (first < 0 || end <= first) {
                throw new ArgumentException("Intervention.steps: expected 0 <= first < end, got [" + first + ", " + end + ")");
            }
            this.from = first;
            this.to = end;
            return this;
        }

        /**
         * @param value what every chosen unit is set to
         * @return the intervention
         */
        public Intervention clamp(double value) {
            return set(value);
        }

        /** @return the intervention that sets the chosen units to 0 */
        public Intervention silence() {
            return set(0);
        }

        /**
         * @param perUnit one value for every chosen unit, in the order of {@link #units}, or a single value for all
         * @return the intervention
         */
        public Intervention set(double... perUnit) {
            if (perUnit == null || perUnit.length == 0) throw new ArgumentException("Intervention.set: give at least one value");
            if (perUnit.length > 1 && (units == null || perUnit.length != units.length)) {
                throw new ArgumentException("Intervention.set: " + perUnit.length + " values for "
                        + (units == null ? "every unit (give one value, or name the units first)" : units.length + " units"));
            }
            for (double v : perUnit) {
                if (!Double.isFinite(v)) throw new ArgumentException("Intervention.set: values must be finite, got " + v);
            }
            return new Intervention(this, perUnit.clone());
        }

        /**
         * Replaces each chosen unit by its mean over a trace (every recorded step of every sample): the unit keeps its
         * typical value but stops carrying anything that varies, a milder control than silencing it.
         *
         * @param trace a trace of the same layer, e.g. of held-out data
         * @return the intervention
         */
        public Intervention mean(GateTrace trace) {
            Tensor v = trace.gate(layer, direction, name);
            int width = v.dim(2), rows = v.size() / width;
            int[] chosen = units != null ? units : java.util.stream.IntStream.range(0, width).toArray();
            double[] means = new double[chosen.length];
            for (int k = 0; k < chosen.length; k++) {
                if (chosen[k] >= width) throw new ArgumentException("Intervention.mean: unit " + chosen[k] + " is outside [0, "
                        + width + ") of '" + name + "'");
                double sum = 0;
                int n = 0;
                for (int r = 0; r < rows; r++) {
                    double x = v.get(r * width + chosen[k]);
                    if (Double.isNaN(x)) continue; // past a sample's length
                    sum += x;
                    n++;
                }
                means[k] = n == 0 ? 0 : sum / n;
            }
            if (units == null) units = chosen;
            return new Intervention(this, means);
        }
    }

    /** @return the traced value it changes */
    public String name() {
        return name;
    }

    /** @return its layer */
    public int layer() {
        return layer;
    }

    /** @return its direction */
    public Direction direction() {
        return direction;
    }

    @Override
    public String toString() {
        String what = values.length == 1 ? "= " + values[0] : "= " + values.length + " values";
        return "Intervention(" + name + " of layer " + layer + ", " + direction + ", units "
                + (units == null ? "all" : Arrays.toString(units)) + ", steps " + (to < 0 ? "all" : "[" + from + ", " + to + ")")
                + " " + what + ")";
    }

    // ---------------------------------------------------------------- applying, by the layer

    /**
     * The interventions on one layer and direction, checked against it and ready for the step loop: at each step, the
     * edits the cell makes inside its step and the edits of h after any projection.
     */
    static final class OnLayer {
        private final List<Intervention> inCell = new ArrayList<>(), onOutput = new ArrayList<>();
        private final int hidden, proj;

        private OnLayer(int hidden, int proj) {
            this.hidden = hidden;
            this.proj = proj;
        }

        /**
         * @return the checked interventions on this layer and direction, or null when none acts there (then the
         *     step loop runs as it would without any)
         */
        static OnLayer of(List<Intervention> all, int layer, Direction direction, Recurrent where, int steps) {
            if (all == null || all.isEmpty()) return null;
            OnLayer out = new OnLayer(where.hiddenSize(), where.outputSize());
            for (Intervention iv : all) {
                if (iv.layer != layer || iv.direction != direction) continue;
                if (iv.to > steps) {
                    throw new ArgumentException("Intervention on '" + iv.name + "': steps [" + iv.from + ", " + iv.to
                            + ") reach outside the sequence of " + steps + " steps");
                }
                (iv.name.equals("h") ? out.onOutput : out.inCell).add(iv);
            }
            return out.inCell.isEmpty() && out.onOutput.isEmpty() ? null : out;
        }

        /** Refuses what the layer cannot do: a layer, direction, name or unit it does not have. */
        static void check(List<Intervention> all, Recurrent where) {
            if (all == null) return;
            List<TracedValue> traced = where.tracedValues();
            List<String> names = traced.stream().map(TracedValue::name).toList();
            for (Intervention iv : all) {
                if (iv.layer >= where.numLayers()) {
                    throw new ArgumentException(iv + ": layer " + iv.layer + " is outside [0, " + where.numLayers() + ") of " + where);
                }
                if (iv.direction == Direction.REVERSE && where.directions() == 1) {
                    throw new ArgumentException(iv + ": direction REVERSE, but " + where + " is not bidirectional");
                }
                if (!names.contains(iv.name)) {
                    throw new ArgumentException(iv + ": " + where + " traces no '" + iv.name + "'; it traces " + names);
                }
                int width = iv.name.equals("h") ? where.outputSize() : where.hiddenSize();
                if (iv.units != null) {
                    for (int u : iv.units) {
                        if (u >= width) throw new ArgumentException(iv + ": unit " + u + " is outside [0, " + width + ") of '"
                                + iv.name + "'");
                    }
                }
            }
        }

        /** The edits the cell makes inside step t, or an empty list. */
        List<CellStep.Edit> cellEdits(int t) {
            List<CellStep.Edit> edits = new ArrayList<>();
            for (Intervention iv : inCell) if (iv.acts(t)) edits.add(new CellStep.Edit(iv.name, iv.units(hidden), iv.values));
            return edits;
        }

        /** Sets the chosen units of h (after any projection), rows × proj, at step t. */
        void editOutput(int t, Tensor h, int rows) {
            for (Intervention iv : onOutput) {
                if (!iv.acts(t)) continue;
                int[] u = iv.units(proj);
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < u.length; k++) h.set(r * proj + u[k], iv.values.length == 1 ? iv.values[0] : iv.values[k]);
                }
            }
        }
    }

    /** @return whether it acts on a span of steps, not on every step */
    boolean hasSpan() {
        return to >= 0;
    }

    private boolean acts(int t) {
        return to < 0 || (t >= from && t < to);
    }

    private int[] units(int width) {
        return units != null ? units : java.util.stream.IntStream.range(0, width).toArray();
    }
}
