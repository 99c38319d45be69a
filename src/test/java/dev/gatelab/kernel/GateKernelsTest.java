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
     * The sequence-long arrays (xg in, dxg and dhg out) are read and written from an offset that is not a multiple of
     * the vector length, with other steps' data around them.
     */
    @Test
    void vectorAndPlainJavaAgree() {
        GateKernels.Impl v = GateKernels.get(), p = GateKernels.plain();
        assertTrue(v.name().startsWith("vector-"), "Maven's test JVM has the Vector API: " + v.name());
        Random r = new Random(3);
        int at = 5, pad = 2 * at;
        for (int hidden : new int[] {1, 7, 16, 37, 64}) {
            int batch = 3;
            float[] xg = random(r, batch * 4 * hidden + pad, 2), hg = random(r, batch * 4 * hidden, 2);
            float[] c0 = random(r, batch * hidden, 1), dm = random(r, batch * hidden, 1), dc = random(r, batch * hidden, 1);
            float[][] outV = {new float[hg.length], new float[c0.length], new float[c0.length]};
            float[][] outP = {new float[hg.length], new float[c0.length], new float[c0.length]};
            v.lstmForward(batch, hidden, xg, at, hg, c0, outV[0], outV[1], outV[2]);
            p.lstmForward(batch, hidden, xg, at, hg, c0, outP[0], outP[1], outP[2]);
            for (int k = 0; k < 3; k++) assertNear(outP[k], outV[k], "lstm forward " + k + " H=" + hidden);
            float[] dzV = new float[xg.length], dzP = new float[xg.length], dcV = new float[c0.length], dcP = new float[c0.length];
            v.lstmBackward(batch, hidden, outP[0], outP[1], c0, dm, dc, dzV, at, dcV);
            p.lstmBackward(batch, hidden, outP[0], outP[1], c0, dm, dc, dzP, at, dcP);
            assertNear(dzP, dzV, "lstm dz H=" + hidden);
            assertNear(dcP, dcV, "lstm dc H=" + hidden);

            float[] gx = random(r, batch * 3 * hidden + pad, 2), gh = random(r, batch * 3 * hidden, 2), h0 = random(r, batch * hidden, 1);
            float[] actV = new float[gh.length], actP = new float[gh.length], hV = new float[h0.length], hP = new float[h0.length];
            v.gruForward(batch, hidden, gx, at, gh, h0, actV, hV);
            p.gruForward(batch, hidden, gx, at, gh, h0, actP, hP);
            assertNear(actP, actV, "gru gates H=" + hidden);
            assertNear(hP, hV, "gru h H=" + hidden);
            float[][] gV = {new float[gx.length], new float[gx.length], new float[h0.length]};
            float[][] gP = {new float[gx.length], new float[gx.length], new float[h0.length]};
            v.gruBackward(batch, hidden, actP, gh, h0, dm, gV[0], at, gV[1], pad, gV[2]);
            p.gruBackward(batch, hidden, actP, gh, h0, dm, gP[0], at, gP[1], pad, gP[2]);
            for (int k = 0; k < 3; k++) assertNear(gP[k], gV[k], "gru backward " + k + " H=" + hidden);

            for (boolean relu : new boolean[] {false, true}) {
                int n = batch * hidden;
                float[] a = random(r, n + pad, 2), b = random(r, n, 2), yV = new float[n], yP = new float[n];
                v.rnnForward(n, relu, a, at, b, yV);
                p.rnnForward(n, relu, a, at, b, yP);
                assertNear(yP, yV, "rnn forward relu=" + relu);
                float[] dV = new float[n + pad], dP = new float[n + pad];
                v.rnnBackward(n, relu, yP, dm, dV, at);
                p.rnnBackward(n, relu, yP, dm, dP, at);
                assertNear(dP, dV, "rnn backward relu=" + relu);
            }
        }
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
}
