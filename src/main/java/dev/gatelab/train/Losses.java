package dev.gatelab.train;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.BCEWithLogitsLoss;
import dev.gatelab.nn.CrossEntropyLoss;
import dev.gatelab.nn.MSELoss;

/** The nn losses in the shape the trainer calls them. */
public final class Losses {
    private Losses() {}

    public static Loss mse() {
        MSELoss mse = new MSELoss();
        return mse::forward;
    }

    public static Loss bceWithLogits() {
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss();
        return bce::forward;
    }

    /**
     * Cross-entropy where the targets hold class indices: logits [batch, classes] with targets [batch], or logits
     * [batch, time, classes] with targets [batch, time] (every step classified, as in a language model).
     */
    public static Loss crossEntropy() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        return (logits, target) -> {
            int classes = logits.dim(-1);
            Tensor flat = logits.rank() == 2 ? logits : logits.reshape(-1, classes);
            return ce.forward(flat, labels(target));
        };
    }

    /** Class indices stored as tensor values. */
    public static int[] labels(Tensor target) {
        int[] out = new int[target.size()];
        for (int i = 0; i < out.length; i++) {
            double v = target.get(i);
            if (v != Math.rint(v)) {
                throw new ArgumentException("crossEntropy: target " + i + " is " + v + ", not a class index");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
