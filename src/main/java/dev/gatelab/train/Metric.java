package dev.gatelab.train;

import dev.gatelab.autograd.Tensor;

/**
 * A number computed on the validation set after each epoch, added to the History as val_NAME. A metric written as a
 * lambda is minimised like a loss; {@link #maximized} marks one where larger is better, as the accuracies here are, so
 * that monitoring it ({@link Trainer#monitor}) keeps the epoch with the highest value.
 */
@FunctionalInterface
public interface Metric {
    /**
     * @param prediction the model's output for the whole validation set
     * @param target the validation targets
     * @return the metric's value
     */
    double compute(Tensor prediction, Tensor target);

    /** @return which way this metric improves: {@link Goal#MINIMIZE} unless the metric says otherwise */
    default Goal goal() {
        return Goal.MINIMIZE;
    }

    /**
     * A metric where larger is better: {@code Metric.maximized((p, t) -> f1(p, t))}.
     *
     * @param m how to compute it
     * @return the same computation with the goal {@link Goal#MAXIMIZE}
     */
    static Metric maximized(Metric m) {
        return withGoal(m, Goal.MAXIMIZE);
    }

    private static Metric withGoal(Metric m, Goal goal) {
        return new Metric() {
            @Override
            public double compute(Tensor prediction, Tensor target) {
                return m.compute(prediction, target);
            }

            @Override
            public Goal goal() {
                return goal;
            }
        };
    }

    /** @return the fraction of samples (or steps) whose highest logit is the target class */
    static Metric accuracy() {
        return accuracyExcept(Integer.MIN_VALUE);
    }

    /**
     * Accuracy over the targets that are not one class: on the copy task, how many symbols were recalled, with the
     * blanks (which any model gets right) left out.
     *
     * @param ignored the class index not counted
     * @return the fraction of counted targets whose highest logit is the target class
     */
    static Metric accuracyExcept(int ignored) {
        return maximized((logits, target) -> {
            int classes = logits.dim(-1), n = logits.size() / classes, correct = 0, counted = 0;
            for (int i = 0; i < n; i++) {
                int label = (int) target.get(i);
                if (label == ignored) continue;
                counted++;
                int best = 0;
                for (int c = 1; c < classes; c++) if (logits.get(i * classes + c) > logits.get(i * classes + best)) best = c;
                if (best == label) correct++;
            }
            return counted == 0 ? Double.NaN : (double) correct / counted;
        });
    }

    /** @return the fraction of steps with a nonzero target where the prediction has the target's sign */
    static Metric signAgreement() {
        return maximized((prediction, target) -> {
            int counted = 0, agree = 0;
            for (int i = 0; i < target.size(); i++) {
                if (target.get(i) == 0) continue;
                counted++;
                if (Math.signum(prediction.get(i)) == Math.signum(target.get(i))) agree++;
            }
            return counted == 0 ? Double.NaN : (double) agree / counted;
        });
    }

    /** @return the mean absolute error over every element, in the targets' units (Keras's "mae") */
    static Metric mae() {
        return (prediction, target) -> {
            checkShapes("mae", prediction, target);
            double s = 0;
            for (int i = 0; i < target.size(); i++) s += Math.abs(prediction.get(i) - target.get(i));
            return s / target.size();
        };
    }

    /** @return the root mean squared error over every element, in the targets' units */
    static Metric rmse() {
        return (prediction, target) -> {
            checkShapes("rmse", prediction, target);
            double s = 0;
            for (int i = 0; i < target.size(); i++) s += (prediction.get(i) - target.get(i)) * (prediction.get(i) - target.get(i));
            return Math.sqrt(s / target.size());
        };
    }

    /**
     * This metric computed in the data's own units: prediction and target are first mapped back element by element, so
     * a validation MAE reads in °C and not in scaled units. For a scaler, {@link #inUnits(dev.gatelab.data.Scaler)}.
     *
     * @param scale the inverse of one target's scaling, e.g. {@code v -> 40 * v - 5}
     * @return the metric in original units
     */
    default Metric inUnits(java.util.function.DoubleUnaryOperator scale) {
        return withGoal((prediction, target) -> compute(mapped(prediction, scale), mapped(target, scale)), goal());
    }

    /**
     * This metric in the data's own units, through the targets' scaler: {@code Metric.mae().inUnits(split.targetScaler())}.
     * A scaler of several targets maps each column of the last axis with its own scale.
     *
     * @param targetScaler the scaling of the targets
     * @return the metric in original units
     */
    default Metric inUnits(dev.gatelab.data.Scaler targetScaler) {
        if (targetScaler == null) throw new dev.gatelab.ArgumentException("Metric.inUnits: the scaler is null (a split without scaling has none)");
        return withGoal((prediction, target) -> compute(targetScaler.inverse(prediction), targetScaler.inverse(target)), goal());
    }

    private static Tensor mapped(Tensor t, java.util.function.DoubleUnaryOperator f) {
        Tensor out = t.to(dev.gatelab.autograd.DType.FLOAT64);
        for (int i = 0; i < out.size(); i++) out.set(i, f.applyAsDouble(out.get(i)));
        return out;
    }

    private static void checkShapes(String name, Tensor prediction, Tensor target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new dev.gatelab.ArgumentException("Metric." + name + ": the prediction is "
                    + dev.gatelab.autograd.Shapes.text(prediction.shape()) + " and the target "
                    + dev.gatelab.autograd.Shapes.text(target.shape()) + "; they must match");
        }
    }
}
