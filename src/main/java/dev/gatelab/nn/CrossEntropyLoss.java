package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;

/**
 * Cross-entropy from logits [N, C] and class indices, as torch.nn.CrossEntropyLoss, with ignore_index and
 * label_smoothing ε. It is −Σ_c w_nc·log_softmax(x)_nc with weights w = (1−ε)·onehot(y) + ε/C, zero for ignored
 * samples; the mean divides by the number of samples not ignored.
 */
public final class CrossEntropyLoss implements Loss {
    private final Reduction reduction;
    private final int ignoreIndex;
    private final double labelSmoothing;

    /** The mean loss, no ignored class, no smoothing. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, -100, 0);
    }

    /**
     * @param reduction MEAN, SUM or NONE
     * @param ignoreIndex a label that adds nothing to the loss
     * @param labelSmoothing ε in [0, 1]
     */
    public CrossEntropyLoss(Reduction reduction, int ignoreIndex, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new ArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    /**
     * The loss of logits against class indices held in a tensor: logits [batch, classes] with targets [batch], or
     * logits [batch, time, classes] with targets [batch, time] (every step classified, as in a language model).
     *
     * @param logits unnormalised scores
     * @param target class indices, stored as whole numbers
     * @return the reduced loss
     */
    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        if (logits.rank() == 3) {
            if (target.rank() != 2 || target.dim(0) != logits.dim(0) || target.dim(1) != logits.dim(1)) {
                throw new ArgumentException("CrossEntropyLoss: argument 'target' must be [batch, time] = "
                        + Shapes.text(new int[] {logits.dim(0), logits.dim(1)}) + " for logits "
                        + Shapes.text(logits.shape()) + ", got " + Shapes.text(target.shape()));
            }
            return forward(logits.reshape(-1, logits.dim(2)), labels(target));
        }
        return forward(logits, labels(target));
    }

    /** Class indices stored as tensor values. */
    private static int[] labels(Tensor target) {
        int[] out = new int[target.size()];
        for (int i = 0; i < out.length; i++) {
            double v = target.get(i);
            if (v != Math.rint(v)) {
                throw new ArgumentException("CrossEntropyLoss: argument 'target' holds " + v + " at position " + i
                        + ", not a class index");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /**
     * The loss of logits [batch, classes] against class indices.
     *
     * @param logits unnormalised scores, [batch, classes]
     * @param labels one class index per sample, or ignore_index
     * @return the reduced loss
     */
    public Tensor forward(Tensor logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new ArgumentException("CrossEntropyLoss: argument 'input' must be 2-D [batch, classes], got "
                    + Shapes.text(logits.shape()));
        }
        int n = logits.dim(0), classes = logits.dim(1);
        if (labels.length != n) {
            throw new ArgumentException("CrossEntropyLoss: argument 'target' has " + labels.length
                    + " labels for a batch of " + n);
        }
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] == ignoreIndex) continue;
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new ArgumentException("CrossEntropyLoss: argument 'target' label " + labels[i]
                        + " at position " + i + " is outside [0, " + classes + ")");
            }
            counted++;
        }
        Tensor logProbabilities = logits.logSoftmax(), perSample;
        if (labelSmoothing == 0 && counted == n) {
            // The weights are one-hot: the weighted sum is each sample's own class, picked without an n × classes
            // product (the same bits: the other terms were exact zeros).
            int[] own = new int[n];
            for (int i = 0; i < n; i++) own[i] = i * classes + labels[i];
            perSample = Ops.embedding(logProbabilities.reshape(n * classes, 1), own, n).reshape(n).neg();
        } else {
            Tensor weights = Tensor.zeros(logits.dtype(), n, classes);
            for (int i = 0; i < n; i++) {
                if (labels[i] == ignoreIndex) continue;
                for (int c = 0; c < classes; c++) weights.set(i * classes + c, labelSmoothing / classes);
                weights.add(i * classes + labels[i], 1 - labelSmoothing);
            }
            perSample = logProbabilities.mul(weights).sum(1).neg().reshape(n);
        }
        return switch (reduction) {
            case MEAN -> perSample.sum().mul(1.0 / counted);
            case SUM -> perSample.sum();
            case NONE -> perSample;
        };
    }
}
