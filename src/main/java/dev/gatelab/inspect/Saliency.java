package dev.gatelab.inspect;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Loss;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.plot.TextActivations;
import java.util.function.Function;

/**
 * How much each input step of one sample matters to one number the model computes (a logit at a step, or the loss):
 * the gradient of that number with respect to the inputs, folded per step three ways.
 *
 * <ul>
 *   <li>{@link #gradientNorms()}: ‖∂y/∂x_t‖, how sensitive y is to step t (Simonyan et al. 2014);
 *   <li>{@link #gradientTimesInput()}: Σ_f x_tf·∂y/∂x_tf, signed; for one-hot input the gradient at the character
 *       read;
 *   <li>{@link #integratedGradients(int)}: Σ_f x_tf·mean_α ∂y/∂x_tf(α·x), from the all-zero input to x (Sundararajan
 *       et al. 2017): the attributions add up to y(x) − y(0), which {@link #completenessGap(int)} checks.
 * </ul>
 *
 * <pre>{@code
 * Saliency s = Saliency.ofOutput(model, vocab.oneHot(text).reshape(1, n, v), n - 1, vocab.indexOf(':'));
 * TextActivations.ofValues(text, s.gradientTimesInput(), "∂logit/∂x · x").show();
 * }</pre>
 */
public final class Saliency {
    private final SequenceModel model;
    private final Tensor input;
    private final Function<Tensor, Tensor> objective;
    private final String what;

    private Saliency(SequenceModel model, Tensor input, Function<Tensor, Tensor> objective, String what) {
        this.model = model;
        this.input = input;
        this.objective = objective;
        this.what = what;
    }

    private static void checkOneSample(String where, SequenceModel model, Tensor input) {
        if (model == null) throw new ArgumentException(where + ": the model is null");
        if (input == null || input.rank() != 3 || input.dim(0) != 1) {
            throw new ArgumentException(where + ": expected one sample [1, steps, features], got "
                    + (input == null ? "null" : dev.gatelab.autograd.Shapes.text(input.shape())));
        }
    }

    /**
     * The saliency of one output of a model that predicts at every step.
     *
     * @param model an every-step model
     * @param input one sample, [1, steps, features]
     * @param step the step whose output is explained
     * @param output which output (a class's logit)
     * @return the saliency
     */
    public static Saliency ofOutput(SequenceModel model, Tensor input, int step, int output) {
        String where = "Saliency.ofOutput";
        checkOneSample(where, model, input);
        if (model.mode() != SequenceModel.Head.EVERY_STEP) {
            throw new ArgumentException(where + ": the model predicts at its last step only; use ofOutput(model, input, output)");
        }
        int steps = input.dim(1), outputs = model.head().weight().dim(0);
        if (step < 0 || step >= steps) throw new ArgumentException(where + ": step " + step + " is outside the sequence [0, " + steps + ")");
        if (output < 0 || output >= outputs) throw new ArgumentException(where + ": output " + output + " is outside [0, " + outputs + ")");
        return new Saliency(model, input, out -> out.slice(1, step, step + 1).slice(2, output, output + 1).sum(),
                "output " + output + " at step " + step);
    }

    /**
     * The saliency of one output of a model that predicts from the last step.
     *
     * @param model a last-step model
     * @param input one sample, [1, steps, features]
     * @param output which output
     * @return the saliency
     */
    public static Saliency ofOutput(SequenceModel model, Tensor input, int output) {
        String where = "Saliency.ofOutput";
        checkOneSample(where, model, input);
        if (model.mode() != SequenceModel.Head.LAST_STEP) {
            throw new ArgumentException(where + ": the model predicts at every step; name the step: ofOutput(model, input, step, output)");
        }
        int outputs = model.head().weight().dim(0);
        if (output < 0 || output >= outputs) throw new ArgumentException(where + ": output " + output + " is outside [0, " + outputs + ")");
        return new Saliency(model, input, out -> out.slice(1, output, output + 1).sum(), "output " + output);
    }

    /**
     * The saliency of the loss on one sample.
     *
     * @param model the model
     * @param input one sample, [1, steps, features]
     * @param targets its targets, as the loss takes them
     * @param loss the loss
     * @return the saliency
     */
    public static Saliency ofLoss(SequenceModel model, Tensor input, Tensor targets, Loss loss) {
        checkOneSample("Saliency.ofLoss", model, input);
        // Each sample of a batch is one point of a path, so the objective is the sum of each sample's loss.
        return new Saliency(model, input, out -> {
            Tensor total = null;
            for (int b = 0; b < out.dim(0); b++) {
                Tensor one = loss.forward(out.slice(0, b, b + 1), targets);
                total = total == null ? one : total.add(one);
            }
            return total;
        }, "the loss");
    }

    /** @return what is explained, e.g. "output 7 at step 41" */
    public String objective() {
        return what;
    }

    /** @return the number explained, at the input */
    public double value() {
        return value(input);
    }

    private double value(Tensor x) {
        try (dev.gatelab.autograd.Grad.Scope off = dev.gatelab.autograd.Grad.off()) {
            Tensor out = model.predict(x);
            return objective.apply(out).item();
        }
    }

    /** @return ‖∂y/∂x_t‖ over the features, one per step */
    public double[] gradientNorms() {
        Tensor g = model.inputGradient(input, objective);
        int steps = input.dim(1), features = input.dim(2);
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            double s = 0;
            for (int f = 0; f < features; f++) s += g.get(t * features + f) * g.get(t * features + f);
            out[t] = Math.sqrt(s);
        }
        return out;
    }

    /** @return Σ_f x_tf·∂y/∂x_tf, one per step */
    public double[] gradientTimesInput() {
        return timesInput(model.inputGradient(input, objective));
    }

    /** Points of the path run side by side, as the samples of one batch. */
    private static final int POINTS_PER_PASS = 32;

    /**
     * Integrated gradients from the all-zero input, by the midpoint rule. Through saturating gates the path is far
     * from straight, and the sum converges slowly: check {@link #completenessGap(int)} (on notebook 07's character
     * model, 50 points leave a gap of about 3 on a logit of 11, 800 points under 10⁻³). The points run as the
     * samples of a batch, {@value #POINTS_PER_PASS} to a pass.
     *
     * @param points how many points on the path from 0 to x
     * @return Σ_f x_tf·mean_α ∂y/∂x_tf(α·x), one per step
     */
    public double[] integratedGradients(int points) {
        if (points < 1) throw new ArgumentException("Saliency.integratedGradients: points must be >= 1, got " + points);
        int steps = input.dim(1), features = input.dim(2), size = steps * features;
        double[] sum = new double[size];
        for (int first = 0; first < points; first += POINTS_PER_PASS) {
            int n = Math.min(POINTS_PER_PASS, points - first);
            double[] path = new double[n * size];
            for (int k = 0; k < n; k++) {
                double alpha = (first + k + 0.5) / points;
                for (int i = 0; i < size; i++) path[k * size + i] = alpha * input.get(i);
            }
            Tensor g = model.inputGradient(Tensor.of(input.dtype(), path, n, steps, features), objective);
            for (int k = 0; k < n; k++) for (int i = 0; i < size; i++) sum[i] += g.get(k * size + i);
        }
        for (int i = 0; i < size; i++) sum[i] /= points;
        return timesInput(Tensor.of(input.dtype(), sum, 1, steps, features));
    }

    /**
     * How far the integrated gradients are from adding up to y(x) − y(0), the check their method promises.
     *
     * @param points as for {@link #integratedGradients(int)}
     * @return Σ_t IG_t − (y(x) − y(0))
     */
    public double completenessGap(int points) {
        double total = 0;
        for (double v : integratedGradients(points)) total += v;
        return total - (value(input) - value(input.mul(0)));
    }

    private double[] timesInput(Tensor g) {
        int steps = input.dim(1), features = input.dim(2);
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            for (int f = 0; f < features; f++) out[t] += g.get(t * features + f) * input.get(t * features + f);
        }
        return out;
    }

    /**
     * The text the sample reads, coloured by an attribution.
     *
     * @param text one character per step
     * @param values one of this class's attributions
     * @param method its name, for the legend ("gradient × input")
     * @return the coloured text, red for positive, blue for negative, with a legend
     */
    public TextActivations text(String text, double[] values, String method) {
        return TextActivations.ofValues(text, values, method).title(method + " of " + what);
    }

    @Override
    public String toString() {
        return "Saliency(" + what + ", " + input.dim(1) + " steps)";
    }
}
