package dev.gatelab.train;

import dev.gatelab.autograd.Tensor;

/** A number computed on the validation set after each epoch, added to the History as val_NAME. */
@FunctionalInterface
public interface Metric {
    /**
     * @param prediction the model's output for the whole validation set
     * @param target the validation targets
     * @return the metric's value
     */
    double compute(Tensor prediction, Tensor target);

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
        return (logits, target) -> {
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
        };
    }

    /** @return the fraction of steps with a nonzero target where the prediction has the target's sign */
    static Metric signAgreement() {
        return (prediction, target) -> {
            int counted = 0, agree = 0;
            for (int i = 0; i < target.size(); i++) {
                if (target.get(i) == 0) continue;
                counted++;
                if (Math.signum(prediction.get(i)) == Math.signum(target.get(i))) agree++;
            }
            return counted == 0 ? Double.NaN : (double) agree / counted;
        };
    }
}
