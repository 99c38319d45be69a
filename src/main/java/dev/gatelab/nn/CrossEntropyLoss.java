package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;

/**
 * Cross-entropy from logits [N, C] and class indices, as torch.nn.CrossEntropyLoss, with ignore_index and
 * label_smoothing ε. It is −Σ_c w_nc·log_softmax(x)_nc with weights w = (1−ε)·onehot(y) + ε/C, zero for ignored
 * samples; the mean divides by the number of samples not ignored.
 */
public final class CrossEntropyLoss {
    private final Reduction reduction;
    private final int ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() {
        this(Reduction.MEAN, -100, 0);
    }

    public CrossEntropyLoss(Reduction reduction, int ignoreIndex, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new ArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

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
        Tensor weights = Tensor.zeros(logits.dtype(), n, classes);
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] == ignoreIndex) continue;
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new ArgumentException("CrossEntropyLoss: argument 'target' label " + labels[i]
                        + " at position " + i + " is outside [0, " + classes + ")");
            }
            counted++;
            for (int c = 0; c < classes; c++) weights.set(i * classes + c, labelSmoothing / classes);
            weights.add(i * classes + labels[i], 1 - labelSmoothing);
        }
        Tensor perSample = logits.logSoftmax().mul(weights).sum(1).neg().reshape(n);
        return switch (reduction) {
            case MEAN -> perSample.sum().mul(1.0 / counted);
            case SUM -> perSample.sum();
            case NONE -> perSample;
        };
    }
}
