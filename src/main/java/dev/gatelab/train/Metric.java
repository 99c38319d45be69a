package dev.gatelab.train;

import dev.gatelab.autograd.Tensor;

/** A number computed on the validation set after each epoch, added to the History as val_NAME. */
@FunctionalInterface
public interface Metric {
    double compute(Tensor prediction, Tensor target);

    /** The fraction of samples (or steps) whose highest logit is the target class. */
    static Metric accuracy() {
        return (logits, target) -> {
            int classes = logits.dim(-1), n = logits.size() / classes, correct = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) if (logits.get(i * classes + c) > logits.get(i * classes + best)) best = c;
                if (best == (int) target.get(i)) correct++;
            }
            return (double) correct / n;
        };
    }
}
