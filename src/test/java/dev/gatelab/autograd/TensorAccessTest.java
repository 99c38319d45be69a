package dev.gatelab.autograd;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Filling and reading tensors in a cell: nested arrays, one index per axis, slices and sums along any axis. */
class TensorAccessTest {
    private static final double[][][] BLOCKS = {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}};

    @Test
    void nestedArraysAndIndicesPerAxis() {
        Tensor t = Tensor.of(DType.FLOAT64, BLOCKS);
        assertArrayEquals(new int[] {2, 2, 3}, t.shape());
        assertEquals(6, t.get(0, 1, 2));
        t.set(1, 0, 2, -1);
        assertEquals(-1, t.at(1, 0, 2));
        Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        assertArrayEquals(new int[] {3, 2}, m.shape());
        assertEquals(DType.FLOAT32, m.dtype());
        m.set(2, 1, 9);
        assertEquals(9, m.get(2, 1));
        assertRefuses(IllegalArgumentException.class, () -> m.get(3, 0), "axis 0");
        assertThrows(IllegalArgumentException.class, () -> t.get(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
        assertArrayEquals(new double[] {1, 2, 3}, Tensor.vector(1, 2, 3).toArray());
    }

    @Test
    void slicesAndSumsAlongEveryAxisMatchLoopsAndGradCheck() {
        Tensor t = Tensor.of(DType.FLOAT64, BLOCKS).requiresGrad(true);
        Tensor middle = t.slice(2, 1, 3);
        assertArrayEquals(new int[] {2, 2, 2}, middle.shape());
        assertEquals(11, middle.get(1, 1, 0));
        assertArrayEquals(new double[] {7, 8, 9, 10, 11, 12}, t.slice(0, 1, 2).toArray());
        assertArrayEquals(new double[] {4, 5, 6, 10, 11, 12}, t.slice(-2, 1, 2).toArray());
        assertArrayEquals(new double[] {8, 10, 12, 14, 16, 18}, t.sum(0).toArray());
        assertArrayEquals(new int[] {2, 1, 3}, t.sum(1).shape());
        assertArrayEquals(new double[] {5, 7, 9, 17, 19, 21}, t.sum(1).toArray());
        assertArrayEquals(new double[] {6, 15, 24, 33}, t.sum(-1).toArray());
        assertArrayEquals(new double[] {2, 5, 8, 11}, t.mean(2).toArray());
        Tensor w = Tensor.randn(new Rng(1), DType.FLOAT64, 2, 2, 3);
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            var r1 = GradCheck.check(() -> t.slice(a, 0, 1).mul(w.slice(a, 0, 1)).sum(), t);
            assertTrue(r1.passed(1e-7), r1.toString());
            var r2 = GradCheck.check(() -> t.sum(a).mul(t.sum(a)).sum(), t);
            assertTrue(r2.passed(1e-7), r2.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> t.sum(3));
        assertThrows(IllegalArgumentException.class, () -> t.slice(1, 1, 3));
    }

    @Test
    void printsLikePyTorch() {
        Tensor m = Tensor.of(DType.FLOAT64, new double[][] {{0.1, 0.2}, {0.3, 0.4}});
        assertEquals("Tensor([[0.1000, 0.2000],\n        [0.3000, 0.4000]], FLOAT64 [2, 2])", m.toString());
        Tensor long1 = Tensor.zeros(DType.FLOAT32, 100);
        assertEquals("Tensor([0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000], FLOAT32 [100])", long1.toString());
        assertTrue(Tensor.vector(1e-7, 2).toString().contains("1.0000e-07"));
    }
}
