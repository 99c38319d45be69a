package dev.gatelab.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A product by a one-hot left operand, as a gather and a scatter, gives the bits of the dense product, forward and for
 * the weight's gradient (starting from a gradient already held); any row that is not exactly one 1 among +0s, and any
 * weight that is not finite, leaves the product to the dense kernel.
 */
class OneHotProductTest {
    private static Tensor oneHot(DType dtype, int rows, int cols, Rng rng) {
        Tensor a = Tensor.zeros(dtype, rows, cols);
        for (int r = 0; r < rows; r++) a.set(r * cols + (int) Math.floor(rng.uniform() * cols), 1);
        return a;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aGatherAndAScatterGiveTheDenseProductsBits(DType dtype) {
        Rng rng = new Rng(21);
        int rows = 45, k = 13, n = 70;
        Tensor a = oneHot(dtype, rows, k, rng), w = Tensor.randn(rng, dtype, n, k), bias = Tensor.randn(rng, dtype, 1, n);
        for (Tensor b : new Tensor[] {bias, null}) {
            OneHotProduct product = OneHotProduct.of(a, w, b);
            assertNotNull(product, "every row is one-hot");
            Tensor dense = Tensor.zeros(dtype, rows, n), gathered = Tensor.zeros(dtype, 9, n);
            if (b == null) Gemm.mult(a, false, w, true, dense);
            else Gemm.multBias(a, false, w, true, b, dense);
            for (int row = 0; row + 9 <= rows; row += 9) {
                product.multBiasRows(row, gathered);
                for (int j = 0; j < 9 * n; j++) {
                    assertArrayEquals(new double[] {dense.get(row * n + j)}, new double[] {gathered.get(j)},
                            "row " + (row + j / n) + ", column " + j % n + (b == null ? ", no bias" : ""));
                }
            }
        }
        Tensor dc = Tensor.randn(rng, dtype, rows, n), start = Tensor.randn(rng, dtype, n, k);
        Tensor dense = start.copy(), scattered = start.copy();
        Gemm.multAdd(dc, true, a, false, dense);
        OneHotProduct.of(a, w, bias).addWeightGradient(dc, scattered);
        assertArrayEquals(dense.toArray(), scattered.toArray(), "dW += dcᵀ·a, from the gradient already held");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void anythingElseIsLeftToTheDenseProduct(DType dtype) {
        Rng rng = new Rng(22);
        Tensor w = Tensor.randn(rng, dtype, 5, 4), bias = Tensor.randn(rng, dtype, 1, 5);
        Tensor a = oneHot(dtype, 6, 4, rng);
        assertNotNull(OneHotProduct.of(a, w, bias));
        int zero = 4 + (a.get(4) == 0 ? 0 : 1); // a +0 of row 1
        for (double odd : new double[] {0.5, -0.0, 2, Double.NaN}) {
            Tensor b = a.copy();
            b.set(zero, odd);
            assertNull(OneHotProduct.of(b, w, bias), "a row holding " + odd + " beside its 1");
        }
        Tensor twoHot = a.copy(), cold = a.copy();
        for (int j = 0; j < 4; j++) {
            twoHot.set(4 + j, 1);
            cold.set(4 + j, 0);
        }
        assertNull(OneHotProduct.of(twoHot, w, bias), "a row with two ones");
        assertNull(OneHotProduct.of(cold, w, bias), "a row of zeros");
        Tensor infinite = w.copy();
        infinite.set(3, Double.POSITIVE_INFINITY);
        assertNull(OneHotProduct.of(a, infinite, bias), "a weight that is not finite (0·∞ is NaN in the dense product)");
        Tensor nanBias = bias.copy();
        nanBias.set(0, Double.NaN);
        assertNull(OneHotProduct.of(a, w, nanBias), "a bias that is not finite");
    }
}
