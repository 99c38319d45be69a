package dev.gatelab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float64's element-wise kernels: DoubleMath is within a few units in the last place of the JDK's fdlibm, and the
 * Vector API and plain-Java paths give the same bits, tails, offsets and extremes included.
 */
class DoubleGatesTest {
    /** Units in the last place of the reference between two values. */
    private static double ulps(double reference, double actual) {
        return reference == actual ? 0 : Math.abs(actual - reference) / Math.ulp(reference);
    }

    @Test
    void doubleMathIsWithinAFewUlpsOfFdlibm() {
        Random r = new Random(1);
        double worstSigmoid = 0, worstTanh = 0;
        for (int i = 0; i < 1_000_000; i++) {
            // Tiny arguments (where tanh must not cancel), the gates' usual range, and saturation.
            double scale = switch (i % 3) {
                case 0 -> 1e-6;
                case 1 -> 3;
                default -> 30;
            };
            double x = r.nextGaussian() * scale;
            worstSigmoid = Math.max(worstSigmoid, ulps(1 / (1 + StrictMath.exp(-x)), DoubleMath.sigmoid(x)));
            worstTanh = Math.max(worstTanh, ulps(StrictMath.tanh(x), DoubleMath.tanh(x)));
        }
        assertTrue(worstSigmoid <= 3, "sigmoid within 3 ulp of 1/(1 + StrictMath.exp(-x)): " + worstSigmoid);
        assertTrue(worstTanh <= 4, "tanh within 4 ulp of StrictMath.tanh: " + worstTanh);
        assertEquals(0.5, DoubleMath.sigmoid(0));
        assertEquals(1.0, DoubleMath.sigmoid(800));
        assertEquals(0.0, DoubleMath.sigmoid(-800));
        assertEquals(Math.exp(-710), DoubleMath.sigmoid(-710), 1e-320, "below e^-708 still e^x, not 0");
        assertEquals(1.0, DoubleMath.tanh(1000));
        assertEquals(-1.0, DoubleMath.tanh(-1000));
        assertEquals(1e-300, DoubleMath.tanh(1e-300), "tanh(x) = x for tiny x, no cancellation");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(DoubleMath.tanh(-0.0)), "tanh(-0) = -0");
        assertTrue(Double.isNaN(DoubleMath.tanh(Double.NaN)) && Double.isNaN(DoubleMath.sigmoid(Double.NaN)));
    }

    /** Every operation at offsets and row distances that are not multiples of the vector length, both paths. */
    @Test
    void vectorAndPlainJavaAgree() {
        assertTrue(DoubleGates.name().startsWith("vector-"), "Maven's test JVM has the Vector API: " + DoubleGates.name());
        DoubleGates.Squash vector = new DoubleVectorSquash();
        Random r = new Random(3);
        double[] extremes = {0.0, -0.0, 1e-300, -1e-300, 19.06, -19.06, 40, -710, 745, -746, 1e6, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (ElementOp op : ElementOp.values()) {
            if (op.rowWise()) continue;     // one kernel: layerNorm and layerNormGrad, plain Java only
            for (int n : new int[] {1, 7, 8, 37, 64}) {
                int rows = 3, wide = 3 * n + 5, size = rows * wide + 11;
                double[] a = new double[size], b = new double[size];
                for (int k = 0; k < size; k++) {
                    a[k] = k % 5 == 0 ? extremes[k / 5 % extremes.length] : r.nextGaussian() * 3;
                    b[k] = op == ElementOp.SIGMOID_GRAD ? DoubleMath.sigmoid(r.nextGaussian()) : r.nextGaussian();
                }
                for (int bStride : new int[] {wide, 0}) {
                    double[] outV = new double[size], outP = new double[size];
                    java.util.Arrays.fill(outV, 7);
                    java.util.Arrays.fill(outP, 7);
                    DoubleGates.apply(op, rows, n, a, 5, wide, b, 2 * n + 3, bStride, outV, n + 1, wide, vector);
                    DoubleGates.apply(op, rows, n, a, 5, wide, b, 2 * n + 3, bStride, outP, n + 1, wide, null);
                    for (int k = 0; k < size; k++) {
                        // JUnit compares doubles by their bits (-0 is not 0), with every NaN one NaN.
                        assertEquals(outP[k], outV[k], op + " n=" + n + " b's row distance " + bStride + " at " + k
                                + ": the same bits");
                    }
                }
            }
        }
    }

    /** Rows that lie end to end run as one long row: the same result as row by row. */
    @Test
    void contiguousRowsGiveWhatSeparateRowsGive() {
        Random r = new Random(4);
        int rows = 4, n = 13;
        double[] a = new double[rows * n], b = new double[rows * n];
        for (int k = 0; k < a.length; k++) {
            a[k] = r.nextGaussian();
            b[k] = r.nextGaussian();
        }
        for (ElementOp op : new ElementOp[] {ElementOp.TANH_OF_SUM, ElementOp.SIGMOID, ElementOp.MUL}) {
            double[] whole = new double[rows * n], byRow = new double[rows * n];
            DoubleGates.apply(op, rows, n, a, 0, n, b, 0, n, whole, 0, n);
            for (int row = 0; row < rows; row++) DoubleGates.apply(op, 1, n, a, row * n, 0, b, row * n, 0, byRow, row * n, 0);
            assertArrayEquals(byRow, whole, op.toString());
        }
        double[] out = new double[1];
        DoubleGates.apply(ElementOp.TANH_OF_SUM, 1, 1, new double[] {0.3}, 0, 1, new double[] {0.2}, 0, 1, out, 0, 1);
        assertEquals(Math.tanh(0.5), out[0], 1e-16);
    }
}
