package dev.gatelab.autograd;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the graph behaves: accumulation, no-grad scopes, freeing after backward, and depth. */
class GraphTest {
    @Test
    void gradientsAccumulateOverUsesAndCalls() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {2}, 1).requiresGrad(true);
        x.mul(x).add(x).sum().backward(); // d/dx (x² + x) = 2x + 1 = 5
        assertEquals(5, x.grad().item());
        x.mul(3).sum().backward();
        assertEquals(8, x.grad().item());
        x.zeroGrad();
        assertEquals(0, x.grad().item());
    }

    @Test
    void reshapeIsAViewWhoseGradientFlowsBack() {
        Tensor x = Tensor.of(DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor r = x.reshape(3, 2);
        x.set(4, 50);
        assertEquals(50, r.get(4), "the reshape shares x's elements");
        r.mul(r).sum().backward(); // d/dx Σ x² = 2x
        assertEquals(100, x.grad().get(4));
        assertEquals(2, x.grad().get(0));
    }

    @Test
    void noGradScopeBuildsNoGraph() {
        Tensor x = Tensor.zeros(2, 2).requiresGrad(true);
        try (Grad.Scope off = Grad.off()) {
            assertFalse(x.tanh().requiresGrad());
        }
        assertTrue(x.tanh().requiresGrad());
    }

    @Test
    void backwardFreesTheGraph() {
        Tensor x = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor loss = x.tanh().sum();
        loss.backward();
        assertRefuses(IllegalStateException.class, loss::backward, "freed");
        assertNotNull(x.grad());
    }

    @Test
    void aGraphFiveThousandStepsDeepDoesNotOverflowTheStack() {
        Tensor w = Tensor.of(DType.FLOAT64, new double[] {0.5}, 1, 1).requiresGrad(true);
        Tensor h = Tensor.of(DType.FLOAT64, new double[] {1}, 1, 1);
        for (int t = 0; t < 5000; t++) h = h.matmul(w).add(1).tanh();
        h.sum().backward();
        assertTrue(Double.isFinite(w.grad().item()));
        assertTrue(w.grad().item() != 0);
    }

    @Test
    void floatAndDoubleAreKeptApart() {
        assertRefuses(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 2).add(Tensor.zeros(DType.FLOAT64, 2)), "FLOAT32", "FLOAT64");
    }

    @Test
    void shapeErrorsSayWhatCameAndWhatWasExpected() {
        assertRefuses(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)), "[2, 3] · [4, 5]");
        assertRefuses(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(3, 2)), "[2, 3] and [3, 2]");
        assertRefuses(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2), "[2, 3]", "[4, 2]");
    }

    /** Issue 11.1: a second backward through nodes an earlier backward freed is an error, not a lost gradient. */
    @Test
    void aSecondBackwardThroughAFreedGraphIsAnError() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        Tensor z = y.mul(3).sum();
        y.sum().backward();
        assertRefuses(IllegalStateException.class, z::backward, "freed by an earlier backward");
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toArray(), "the first backward's gradient, nothing lost silently");

        // Done once on the sum, the answer is the right one: d(2x + 6x)/dx = 8.
        x.zeroGrad();
        Tensor y2 = x.mul(2);
        y2.sum().add(y2.mul(3).sum()).backward();
        assertArrayEquals(new double[] {8, 8, 8}, x.grad().toArray());

        // The same through one fused LSTM forward: its output and its final state share the fused node.
        dev.gatelab.nn.LSTM lstm = dev.gatelab.nn.LSTM.builder(2, 3).dtype(DType.FLOAT64).build();
        Tensor in = Tensor.randn(new Rng(1), DType.FLOAT64, 4, 2, 2).requiresGrad(true);
        dev.gatelab.nn.RecurrentOutput out = lstm.forward(in);
        out.output().sum().backward();
        assertThrows(IllegalStateException.class, () -> out.hN().sum().backward());
    }

    /** Issue 11.14: the gradient given to backward must have the result's shape, not only its element count. */
    @Test
    void backwardChecksTheShapeOfTheGradientItIsGiven() {
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2);
        assertRefuses(IllegalArgumentException.class,
                () -> y.backward(Tensor.zeros(DType.FLOAT64, 3, 2)), "[3, 2]", "[2, 3]");
    }
}
