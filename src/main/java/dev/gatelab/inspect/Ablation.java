package dev.gatelab.inspect;

import dev.gatelab.ArgumentException;
import dev.gatelab.FourDigits;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.Intervention;
import dev.gatelab.nn.Loss;
import dev.gatelab.nn.SequenceModel;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a change to some units costs, where a property holds and elsewhere: the per-position loss of the model with
 * an {@link Intervention} minus the model's own, averaged over the positions where the property holds and over the
 * rest. A unit that carries the property costs more where it holds; one that does not costs the same everywhere.
 *
 * <pre>{@code
 * Ablation a = Ablation.of(model, inputs, targets, new CrossEntropyLoss(Reduction.NONE, -100, 0), insideQuotes);
 * Ablation.Effect e = a.effect(Intervention.on("c").units(17, 201).silence());   // Δloss inside vs outside
 * Table t = a.perUnit("c", trace, 17, 201, 90);   // each unit alone, then all together, silenced and mean-replaced
 * }</pre>
 */
public final class Ablation {
    private final SequenceModel model;
    private final Tensor inputs, targets;
    private final Loss perPosition;
    private final boolean[] where;
    private final double[] base;
    private final int inside;

    private Ablation(SequenceModel model, Tensor inputs, Tensor targets, Loss perPosition, boolean[] where) {
        this.model = model;
        this.inputs = inputs;
        this.targets = targets;
        this.perPosition = perPosition;
        this.where = where.clone();
        this.base = losses(model);
        int n = 0;
        for (boolean w : where) if (w) n++;
        this.inside = n;
        if (base.length != where.length) {
            throw new ArgumentException("Ablation: the loss gives " + base.length + " values but 'where' has " + where.length
                    + "; give a loss with Reduction.NONE and one flag per position it scores (samples × steps, sample by sample)");
        }
        if (inside == 0 || inside == where.length) {
            throw new ArgumentException("Ablation: the property holds at " + inside + " of " + where.length
                    + " positions; it must hold at some and not at others");
        }
    }

    /**
     * @param model the model as trained
     * @param inputs [samples, steps, features]
     * @param targets the targets, as the loss takes them
     * @param perPosition a loss with Reduction.NONE: one value per scored position
     * @param where for each scored position (sample by sample, step by step), whether the property holds there
     * @return the experiment, with the model's own losses measured
     */
    public static Ablation of(SequenceModel model, Tensor inputs, Tensor targets, Loss perPosition, boolean[] where) {
        if (model == null || inputs == null || targets == null || perPosition == null || where == null) {
            throw new ArgumentException("Ablation.of: model, inputs, targets, loss and where are all needed");
        }
        return new Ablation(model, inputs, targets, perPosition, where);
    }

    private double[] losses(SequenceModel m) {
        try (dev.gatelab.autograd.Grad.Scope off = dev.gatelab.autograd.Grad.off()) {
            return perPosition.forward(m.predict(inputs), targets).toArray();
        }
    }

    /**
     * What an intervention costs.
     *
     * @param inside mean Δloss where the property holds
     * @param outside mean Δloss elsewhere
     */
    public record Effect(double inside, double outside) {
        /** @return inside / outside: how much more the change costs where the property holds */
        public double ratio() {
            return inside / outside;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Δloss %.4f where it holds, %.4f elsewhere (ratio %.2f)", inside, outside, ratio());
        }
    }

    /**
     * @param changes one or more interventions, made together
     * @return the mean change in loss where the property holds and elsewhere
     */
    public Effect effect(Intervention... changes) {
        double[] changed = losses(model.with(changes));
        double in = 0, out = 0;
        for (int k = 0; k < base.length; k++) {
            if (where[k]) in += changed[k] - base[k];
            else out += changed[k] - base[k];
        }
        return new Effect(in / inside, out / (base.length - inside));
    }

    /** @return the model's own mean loss where the property holds and elsewhere */
    public Effect baseline() {
        double in = 0, out = 0;
        for (int k = 0; k < base.length; k++) {
            if (where[k]) in += base[k];
            else out += base[k];
        }
        return new Effect(in / inside, out / (base.length - inside));
    }

    /**
     * Each unit of layer 0 alone, then all of them together, both silenced and replaced by their mean over a trace.
     *
     * @param name the traced value changed ("c", "h", a gate)
     * @param trace the trace the means come from (of the same inputs, or of other data)
     * @param units the units
     * @return a Table: units, how, Δloss where it holds, Δloss elsewhere, ratio
     */
    public Table perUnit(String name, GateTrace trace, int... units) {
        if (units == null || units.length == 0) throw new ArgumentException("Ablation.perUnit: name at least one unit");
        StringColumn unitCol = StringColumn.create("units"), how = StringColumn.create("change");
        DoubleColumn in = DoubleColumn.create("Δloss where it holds"), out = DoubleColumn.create("Δloss elsewhere");
        DoubleColumn ratio = DoubleColumn.create("ratio");
        java.util.List<int[]> sets = new java.util.ArrayList<>();
        for (int u : units) sets.add(new int[] {u});
        if (units.length > 1) sets.add(units.clone());
        for (int[] set : sets) {
            for (String kind : new String[] {"silenced", "mean"}) {
                Intervention.Builder b = Intervention.on(name).units(set);
                Effect e = effect(kind.equals("silenced") ? b.silence() : b.mean(trace));
                unitCol.append(set.length == 1 ? String.valueOf(set[0]) : "all " + set.length);
                how.append(kind);
                in.append(e.inside());
                out.append(e.outside());
                ratio.append(e.ratio());
            }
        }
        return FourDigits.on(Table.create("ablation of " + name, unitCol, how, in, out, ratio));
    }
}
