package dev.gatelab.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * add, sub and mul of same-shaped operands, or of a row added to every row, run on the element-wise kernels: their
 * values and gradients are the bits of the element loop, each computed in double and rounded once to the type (the
 * loop the other shapes still take).
 */
class BroadcastKernelsTest {
    private static void assertBits(double expected, double actual, String what) {
        assertEquals(expected, actual, 0.0, what);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void valuesAndGradientsAreTheElementLoopsBits(DType dtype) {
        Rng rng = new Rng(31);
        int rows = 9, cols = 37;
        String[] names = {"add", "sub", "mul"};
        DoubleBinaryOperator[] ops = {(x, y) -> x + y, (x, y) -> x - y, (x, y) -> x * y};
        for (boolean row : new boolean[] {false, true}) {
            for (int k = 0; k < 3; k++) {
                Tensor a = Tensor.randn(rng, dtype, rows, cols).requiresGrad(true);
                Tensor b = Tensor.randn(rng, dtype, row ? 1 : rows, cols).requiresGrad(true);
                Tensor g = Tensor.randn(rng, dtype, rows, cols);
                Tensor out = switch (k) {
                    case 0 -> a.add(b);
                    case 1 -> a.sub(b);
                    default -> a.mul(b);
                };
                out.backward(g);
                double[] gb = new double[b.size()];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int i = r * cols + c, j = row ? c : i;
                        double x = a.get(i), y = b.get(j), gz = g.get(i);
                        String where = names[k] + (row ? " of a row" : "") + " at " + r + "," + c;
                        assertBits(round(dtype, ops[k].applyAsDouble(x, y)), out.get(i), where);
                        double da = k == 2 ? y : 1, db = k == 0 ? 1 : k == 1 ? -1 : x;
                        assertBits(round(dtype, gz * da), a.grad().get(i), "the gradient at a, " + where);
                        gb[j] = round(dtype, gb[j] + round(dtype, gz * db)); // in row order, from 0
                    }
                }
                for (int j = 0; j < gb.length; j++) assertBits(gb[j], b.grad().get(j), "the gradient at b[" + j + "], " + names[k]);
            }
        }
    }

    /** x·x and x + x: one tensor as both operands gets both gradients. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void oneTensorOnBothSidesGetsBothGradients(DType dtype) {
        Tensor x = Tensor.randn(new Rng(32), dtype, 4, 5).requiresGrad(true);
        x.mul(x).sum().backward();
        for (int i = 0; i < x.size(); i++) {
            double v = x.get(i);
            assertBits(round(dtype, round(dtype, v) + round(dtype, v)), x.grad().get(i), "d(x·x)/dx at " + i);
        }
    }

    private static double round(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? (float) v : v;
    }
}
