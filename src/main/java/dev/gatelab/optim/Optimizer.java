package dev.gatelab.optim;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. A subclass writes only the update of one parameter; the step counting,
 * the per-parameter state (kept in the parameter's own type, as PyTorch does) and the learning rate that schedules
 * change are here. Parameters without a gradient are left alone and their step count does not advance.
 *
 * <p>{@link #step()} updates as torch.optim does. {@link #stepIfFinite()} is the same step as a transaction: it
 * first computes every new value without writing any, and writes them only when all are finite, so that a step with
 * too large a learning rate changes nothing and says where it would have gone wrong, with no copy of the parameters
 * to roll back to.
 */
public abstract class Optimizer {
    private final List<Tensor> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private final int[] steps;
    /** The learning rate of the next step. */
    protected double lr;

    /**
     * An optimizer of the given parameters.
     *
     * @param params the parameters to update
     * @param lr the learning rate, at least 0
     */
    protected Optimizer(List<Tensor> params, double lr) {
        if (params.isEmpty()) throw new ArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            // One tensor twice would be updated twice a step, and stepIfFinite's check would see it only once.
            if (!seen.add(params.get(i))) {
                throw new ArgumentException(getClass().getSimpleName() + ": parameter " + i + " is listed twice; give"
                        + " each tensor once (model.parameters() does)");
            }
        }
        requireLr(lr);
        this.params = List.copyOf(params);
        this.lr = lr;
        this.steps = new int[params.size()];
        for (int i = 0; i < params.size(); i++) state.add(new HashMap<>());
    }

    /** Updates every parameter that has a gradient. */
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) continue;
            steps[i]++;
            update(p, p.grad(), state.get(i), steps[i], true);
        }
    }

    /**
     * Where a step would have written a value that is not finite: the parameter's index in {@link #parameters()} and
     * what: "param" for the parameter itself, else the name of its state buffer ("exp_avg").
     *
     * @param parameter the index of the parameter
     * @param value "param" or a state buffer's name
     */
    public record Rejection(int parameter, String value) {}

    /**
     * {@link #step()} as a transaction: computes every parameter's new values and state without writing them, and
     * writes them (the same values, as step() would) only when every one is finite.
     *
     * @return null when it stepped; else where the first value that is not finite would have gone, with nothing
     *     changed: parameters, state and step counts are as before the call
     */
    public Rejection stepIfFinite() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) continue;
            String bad = update(p, p.grad(), state.get(i), steps[i] + 1, false);
            if (bad != null) return new Rejection(i, bad);
        }
        step();
        return null;
    }

    /**
     * Computes one update of {@code p}; {@code step} counts from 1. With {@code commit} it writes the new values;
     * without, it must write nothing at all (neither the parameter nor its state; {@link #buffer} hands out temporary
     * buffers then) and only says whether a new value would not be finite: {@link #stepIfFinite()} calls it both
     * ways, and an update that wrote without commit would be applied twice. Both must compute the same values.
     *
     * @param p the parameter, updated in place
     * @param grad its gradient
     * @param state its buffers (momentum, moments), kept from step to step; get them with {@link #buffer}
     * @param step the update count of this parameter, from 1
     * @param commit whether to write the new values
     * @return without commit: "param" or the name of the first state buffer that would hold a value that is not
     *     finite, or null when all would be finite; with commit: null
     */
    protected abstract String update(Tensor p, Tensor grad, Map<String, Tensor> state, int step, boolean commit);

    /**
     * The state buffer {@code name} of a parameter, created filled with {@code initial} on first use; before a
     * commit (see {@link #update}) a buffer not made yet is a temporary one that the state does not keep.
     *
     * @param state a parameter's buffers
     * @param name the buffer's name
     * @param like the parameter, whose shape and type the buffer takes
     * @param initial the value of a new buffer
     * @param commit whether the update writes (and so keeps a new buffer)
     * @return the buffer
     */
    protected static Tensor buffer(Map<String, Tensor> state, String name, Tensor like, double initial, boolean commit) {
        Tensor kept = state.get(name);
        if (kept != null) return kept;
        Tensor t = Tensor.zeros(like.dtype(), like.shape());
        t.fill(initial);
        if (commit) state.put(name, t);
        return t;
    }

    /**
     * The per-parameter state as named tensors, "param{i}.{buffer}" (a copy), for checkpoints.
     *
     * @return every buffer, by name
     */
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < state.size(); i++) {
            for (Map.Entry<String, Tensor> e : new java.util.TreeMap<>(state.get(i)).entrySet()) {
                out.put("param" + i + "." + e.getKey(), e.getValue().copy());
            }
        }
        return out;
    }

    /**
     * How many updates each parameter has had.
     *
     * @return one count per parameter
     */
    public int[] stepCounts() {
        return steps.clone();
    }

    /**
     * Puts back what {@link #stateTensors()} and {@link #stepCounts()} returned, checking that it fits.
     *
     * @param tensors buffers by name, as stateTensors gave them
     * @param stepCounts one count per parameter
     */
    public void restoreState(Map<String, Tensor> tensors, int[] stepCounts) {
        String where = getClass().getSimpleName() + ".restoreState";
        if (stepCounts.length != params.size()) {
            throw new ArgumentException(where + ": state for " + stepCounts.length + " parameters, this optimizer has "
                    + params.size());
        }
        for (int i = 0; i < stepCounts.length; i++) {
            if (stepCounts[i] < 0) throw new ArgumentException(where + ": step count " + i + " is " + stepCounts[i]);
        }
        List<Map<String, Tensor>> fresh = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) fresh.add(new HashMap<>());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("param(\\d{1,9})\\.(\\w+)").matcher(e.getKey());
            if (!m.matches() || Integer.parseInt(m.group(1)) >= params.size()) {
                throw new ArgumentException(where + ": state '" + e.getKey() + "' names no parameter of this optimizer"
                        + " (expected param0 … param" + (params.size() - 1) + " and a buffer name)");
            }
            int i = Integer.parseInt(m.group(1));
            Tensor p = params.get(i);
            if (!java.util.Arrays.equals(p.shape(), e.getValue().shape()) || p.dtype() != e.getValue().dtype()) {
                throw new ArgumentException(where + ": '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + " " + e.getValue().dtype() + ", parameter " + i
                        + " is " + java.util.Arrays.toString(p.shape()) + " " + p.dtype());
            }
            if (Engine.firstNonFinite(e.getValue()) >= 0) {
                throw new ArgumentException(where + ": '" + e.getKey() + "' holds a value that is not finite");
            }
            fresh.get(i).put(m.group(2), e.getValue().copy());
        }
        for (int i = 0; i < state.size(); i++) {
            state.get(i).clear();
            state.get(i).putAll(fresh.get(i));
        }
        System.arraycopy(stepCounts, 0, steps, 0, steps.length);
    }

    /**
     * Finds state gone bad, as an update with too large a learning rate leaves it.
     *
     * @return the name of the first state buffer ("param{i}.{buffer}") holding NaN or infinity, or null
     */
    public String firstNonFiniteState() {
        for (int i = 0; i < state.size(); i++) {
            for (Map.Entry<String, Tensor> e : new java.util.TreeMap<>(state.get(i)).entrySet()) {
                if (Engine.firstNonFinite(e.getValue()) >= 0) return "optimizer state param" + i + "." + e.getKey();
            }
        }
        return null;
    }

    /** Forgets every parameter's gradient. */
    public void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    /**
     * @return the parameters it updates
     */
    public List<Tensor> parameters() {
        return params;
    }

    /**
     * @return the learning rate of the next step
     */
    public double lr() {
        return lr;
    }

    /**
     * Sets the learning rate of the next steps (what schedules do).
     *
     * @param lr the new rate
     */
    public void setLr(double lr) {
        requireLr(lr);
        this.lr = lr;
    }

    /** A learning rate must be a finite number >= 0; infinity or NaN would turn every weight into NaN. */
    private void requireLr(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ArgumentException(getClass().getSimpleName() + ": lr must be finite and >= 0, got " + rate);
        }
    }

    /**
     * Refuses a negative (or NaN) setting, naming it.
     *
     * @param owner the optimizer's name
     * @param name the setting's name
     * @param value its value
     */
    protected static void requireNonNegative(String owner, String name, double value) {
        if (!(value >= 0)) throw new ArgumentException(owner + ": " + name + " must be >= 0, got " + value);
    }
}
