package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cross-entropy with plain labels picks each sample's log-probability instead of weighting every class: the loss and
 * the logits' gradient are the bits of the weighted form it replaces, −Σ_c onehot·log_softmax, summed and divided.
 */
class CrossEntropyPickTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void pickingIsTheWeightedSumsBits(DType dtype) {
        Rng rng = new Rng(41);
        int n = 23, classes = 7;
        Tensor logits = Tensor.randn(rng, dtype, n, classes).mul(3).detach().requiresGrad(true);
        Tensor twin = logits.detach().requiresGrad(true);
        int[] labels = new int[n];
        Tensor onehot = Tensor.zeros(dtype, n, classes);
        for (int i = 0; i < n; i++) {
            labels[i] = (int) Math.floor(rng.uniform() * classes);
            onehot.set(i * classes + labels[i], 1);
        }
        Tensor picked = new CrossEntropyLoss().forward(logits, labels);
        Tensor weighted = twin.logSoftmax().mul(onehot).sum(1).neg().reshape(n).sum().mul(1.0 / n);
        assertEquals(weighted.item(), picked.item(), 0.0, "the loss");
        picked.backward();
        weighted.backward();
        assertArrayEquals(twin.grad().toArray(), logits.grad().toArray(), "the logits' gradient");
    }
}
