package dev.gatelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vectorised gate arithmetic gives the same bits as the plain-Java one, tails included, and FloatMath's functions
 * are within 3·10⁻⁷ of Math's.
 */
class GateKernelsTest {
    private static float[] random(Random r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * scale);
        return x;
    }

    private static void assertNear(float[] expected, float[] actual, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, what + ": the same bits");
    }

    @Test
    void floatMathIsCloseToMath() {
        for (double x = -30; x <= 30; x += 0.0137) {
            float f = (float) x;
            assertEquals(Math.tanh(f), FloatMath.tanh(f), 3e-7, "tanh " + f);
            assertEquals(1 / (1 + Math.exp(-f)), FloatMath.sigmoid(f), 3e-7, "sigmoid " + f);
            if (x < 20) assertEquals(Math.exp(f), FloatMath.exp(f), 3e-7 * Math.exp(f), "exp " + f);
        }
        assertEquals(1f, FloatMath.tanh(1000f));
        assertEquals(-1f, FloatMath.tanh(-1000f));
        assertEquals(0f, FloatMath.sigmoid(-1000f), 1e-30);
    }

    /**
     * Every operation, over rows read and written at offsets and row distances that are not multiples of the vector
     * length (a gate block inside a wide row, a parameter row read by every row), gives the same bits both ways, and
     * leaves the elements around its rows alone.
     */
    @Test
    void vectorAndPlainJavaAgree() {
        GateKernels.Impl v = GateKernels.get(), p = GateKernels.plain();
        assertTrue(v.name().startsWith("vector-"), "Maven's test JVM has the Vector API: " + v.name());
        Random r = new Random(3);
        for (ElementOp op : ElementOp.values()) {
            if (op.rowWise()) continue;     // layerNormsAgree
            for (int n : new int[] {1, 7, 16, 37, 64}) {
                int rows = 3, wide = 3 * n + 5, size = rows * wide + 11;
                float[] a = random(r, size, 3), b = random(r, size, 1);
                if (op == ElementOp.SIGMOID_GRAD) for (int k = 0; k < size; k++) b[k] = FloatMath.sigmoid(b[k]);
                if (op == ElementOp.RELU_GRAD) b[4] = 0f;
                for (int bStride : new int[] {wide, 0}) {
                    float[] outV = random(r, size, 1), outP = outV.clone();
                    v.apply(op, rows, n, a, 5, wide, b, 2 * n + 3, bStride, outV, n + 1, wide);
                    p.apply(op, rows, n, a, 5, wide, b, 2 * n + 3, bStride, outP, n + 1, wide);
                    assertNear(outP, outV, op + " n=" + n + " b's row distance " + bStride);
                }
            }
        }
    }

    /**
     * Layer normalisation and its derivative give the same bits both ways, over rows that are not multiples of the
     * sums' 16 lanes or of the vector, and the plain kernel's sums are those of the lanes' tree.
     */
    @Test
    void layerNormsAgree() {
        GateKernels.Impl v = GateKernels.get(), p = GateKernels.plain();
        Random r = new Random(5);
        for (int n : new int[] {1, 7, 16, 37, 64, 128, 131}) {
            int rows = 3, wide = 3 * n + 5, size = rows * wide + 11;
            float[] x = random(r, size, 3), a = random(r, size, 1);
            x[7] += 40;     // a row far from 0: its mean matters
            float[] yV = random(r, size, 1), yP = yV.clone(), sV = random(r, 3 * rows, 1), sP = sV.clone();
            v.layerNorm(rows, n, x, 5, wide, yV, n + 1, wide, sV, 1, 3);
            p.layerNorm(rows, n, x, 5, wide, yP, n + 1, wide, sP, 1, 3);
            assertNear(yP, yV, "layerNorm n=" + n);
            assertNear(sP, sV, "layerNorm's 1/σ n=" + n);
            float[] outV = random(r, size, 1), outP = outV.clone();
            v.layerNormGrad(rows, n, a, 2, wide, yP, n + 1, wide, sP, 1, 3, outV, 2 * n + 3, wide);
            p.layerNormGrad(rows, n, a, 2, wide, yP, n + 1, wide, sP, 1, 3, outP, 2 * n + 3, wide);
            assertNear(outP, outV, "layerNormGrad n=" + n);
        }
        float[] lanes = new float[ScalarGates.LANES];
        for (int l = 0; l < lanes.length; l++) lanes[l] = (float) Math.pow(2, -l) + 1e7f * (l == 3 ? 1 : 0);
        float tree = ((lanes[0] + lanes[8]) + (lanes[4] + lanes[12]) + ((lanes[2] + lanes[10]) + (lanes[6] + lanes[14])))
                + ((lanes[1] + lanes[9]) + (lanes[5] + lanes[13]) + ((lanes[3] + lanes[11]) + (lanes[7] + lanes[15])));
        assertEquals(tree, ScalarGates.rowSum(lanes), 0f, "lanes l and l + 8, then l + 4, then l + 2, then l + 1");
    }

    /** The plain kernels compute what the operations say. */
    @Test
    void plainJavaComputesEachOperation() {
        float x = 0.7f, y = -0.4f;
        float[][] expect = {
            {ElementOp.ADD.ordinal(), x + y}, {ElementOp.SUB.ordinal(), x - y}, {ElementOp.MUL.ordinal(), x * y},
            {ElementOp.NEG.ordinal(), -x}, {ElementOp.ONE_MINUS.ordinal(), 1 - x},
            {ElementOp.SIGMOID.ordinal(), FloatMath.sigmoid(x)}, {ElementOp.TANH.ordinal(), FloatMath.tanh(x)},
            {ElementOp.RELU.ordinal(), x}, {ElementOp.SIGMOID_OF_SUM.ordinal(), FloatMath.sigmoid(x + y)},
            {ElementOp.TANH_OF_SUM.ordinal(), FloatMath.tanh(x + y)}, {ElementOp.RELU_OF_SUM.ordinal(), x + y},
            {ElementOp.COPY.ordinal(), x}, {ElementOp.ZERO.ordinal(), 0},
            {ElementOp.SIGMOID_GRAD.ordinal(), x * y * (1 - y)}, {ElementOp.TANH_GRAD.ordinal(), x * (1 - y * y)},
            {ElementOp.RELU_GRAD.ordinal(), 0}};
        for (float[] e : expect) {
            ElementOp op = ElementOp.values()[(int) e[0]];
            float[] out = new float[1];
            GateKernels.plain().apply(op, 1, 1, new float[] {x}, 0, 1, new float[] {y}, 0, 1, out, 0, 1);
            assertEquals(e[1], out[0], 1e-7, op.toString());
        }
        assertEquals(expect.length + 2, ElementOp.values().length, "every operation is checked, the row-wise two below");
        float[] row = {1f, 2f, 4f, 9f}, normed = new float[4], adjoint = {0.5f, -1f, 2f, 0.25f}, back = new float[4];
        float[] rstd = new float[1];
        GateKernels.plain().layerNorm(1, 4, row, 0, 4, normed, 0, 4, rstd, 0, 1);
        double mean = 4, sd = Math.sqrt((9 + 4 + 0 + 25) / 4.0 + 1e-5);
        for (int j = 0; j < 4; j++) assertEquals((row[j] - mean) / sd, normed[j], 1e-6, "layer norm " + j);
        assertEquals(1 / sd, rstd[0], 1e-7, "1/σ kept");
        GateKernels.plain().layerNormGrad(1, 4, adjoint, 0, 4, normed, 0, 4, rstd, 0, 1, back, 0, 4);
        double sum = 0;
        for (float v : back) sum += v;
        assertEquals(0, sum, 1e-6, "a shift of the row leaves its normalisation unchanged: the gradient sums to 0");
        double dot = 0;
        for (int j = 0; j < 4; j++) dot += back[j] * row[j];
        assertEquals(0, dot, 1e-5, "nor does a scaling (up to ε): the gradient is orthogonal to the row");
    }

    @Test
    void columnSumsAgreeAndAreRight() {
        GateKernels.Impl v = GateKernels.get(), p = GateKernels.plain();
        Random r = new Random(4);
        for (int cols : new int[] {1, 15, 16, 37, 512}) {
            int rows = 29;
            float[] source = random(r, rows * cols, 1), start = random(r, cols, 1);
            float[] sumsV = start.clone(), sumsP = start.clone();
            v.addColumnSums(source, rows, cols, sumsV);
            p.addColumnSums(source, rows, cols, sumsP);
            assertNear(sumsP, sumsV, "column sums, " + cols + " columns");
            for (int c = 0; c < cols; c++) {
                double sum = start[c];
                for (int row = 0; row < rows; row++) sum += source[row * cols + c];
                assertEquals(sum, sumsP[c], 1e-5, "column " + c);
            }
        }
    }

    /**
     * Adam on vectors writes the plain loop's bits, for Adam and AdamW, over lengths with and without a tail; its check
     * writes nothing and names the first element, and the value, that would not be finite.
     */
    @Test
    void adamGivesThePlainBitsAndChecksWithoutWriting() {
        GateKernels.Impl vector = GateKernels.get(), plain = GateKernels.plain();
        Random r = new Random(12);
        for (boolean decoupled : new boolean[] {false, true}) {
            for (int n : new int[] {1, 7, 16, 37, 100, 1031}) {
                GateKernels.AdamStep s = new GateKernels.AdamStep(0.9f, 0.1f, 0.999f, 0.001f, 0.01f, 0.9999f, decoupled,
                        0.05f, 0.03f, 1e-8f);
                float[] p = random(r, n, 1), g = random(r, n, 0.3), m = random(r, n, 0.05), v = random(r, n, 0.01);
                for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
                float[] p2 = p.clone(), m2 = m.clone(), v2 = v.clone(), p3 = p.clone(), m3 = m.clone(), v3 = v.clone();
                assertEquals(-1, vector.adam(p, g, m, v, n, s, false), "a check of finite values");
                assertNear(p3, p, "the check wrote nothing");
                assertEquals(-1, vector.adam(p, g, m, v, n, s, true));
                assertEquals(-1, plain.adam(p2, g, m2, v2, n, s, true));
                String what = "n " + n + (decoupled ? " AdamW" : " Adam");
                assertNear(p2, p, what + " p");
                assertNear(m2, m, what + " m");
                assertNear(v2, v, what + " v");
                int at = n / 2;
                g[at] = 1e25f;                                   // g² overflows float: v is the first to go
                assertEquals(3 * at + 2, vector.adam(p3, g, m3, v3, n, s, false), what);
                assertEquals(3 * at + 2, plain.adam(p3, g, m3, v3, n, s, false), what);
            }
        }
    }
}
