package dev.gatelab.autograd;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A recurrent layer multiplies a step's rows of the sequence-long input by W_ihᵀ, packed once: those rows must come out
 * as the same bits as the same rows of the product over the whole sequence.
 */
class GemmPreparedTest {
    @ParameterizedTest
    @EnumSource(DType.class)
    void aBlockOfRowsGivesTheBitsOfThoseRowsOfTheWholeProduct(DType dtype) {
        Rng rng = new Rng(11);
        int steps = 7, batch = 6, in = 37, out = 70; // sizes that leave edge tiles in both directions
        Tensor x = Tensor.randn(rng, dtype, steps * batch, in), w = Tensor.randn(rng, dtype, out, in);
        Tensor bias = Tensor.randn(rng, dtype, 1, out);
        for (Tensor b : new Tensor[] {bias, null}) {
            Tensor whole = Tensor.zeros(dtype, steps * batch, out);
            if (b == null) Gemm.mult(x, false, w, true, whole);
            else Gemm.multBias(x, false, w, true, b, whole);
            Gemm.Prepared prepared = Gemm.prepare(w, true);
            for (int b0 : new int[] {0, 4}) { // a block of rows from the first sample and one from the middle
                int rows = 2;
                for (int t = 0; t < steps; t++) {
                    Tensor part = Tensor.zeros(dtype, rows, out);
                    prepared.multBiasRows(x, t * batch + b0, b, part);
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < out; j++) {
                            assertEquals(whole.get(t * batch + b0 + r, j), part.get(r, j), 0.0,
                                    "step " + t + ", row " + (b0 + r) + ", column " + j + (b == null ? ", no bias" : ""));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowsPastTheEndAreRefusedWithTheRange(DType dtype) {
        Rng rng = new Rng(12);
        Tensor x = Tensor.randn(rng, dtype, 10, 4), w = Tensor.randn(rng, dtype, 3, 4);
        Gemm.Prepared prepared = Gemm.prepare(w, true);
        Tensor part = Tensor.zeros(dtype, 4, 3);
        assertRefuses(IllegalStateException.class,
                () -> prepared.multBiasRows(x, 8, null, part), "rows [8, 12) of a 10-row matrix");
        assertThrows(IllegalStateException.class, () -> prepared.multBiasRows(x, -1, Tensor.zeros(dtype, 1, 3), part));
    }
}
