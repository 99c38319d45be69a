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

    @Test
    void vectorAndPlainJavaAgree() {
        GateKernels.Impl v = GateKernels.get(), p = GateKernels.plain();
        assertTrue(v.name().startsWith("vector-"), "Maven's test JVM has the Vector API: " + v.name());
        Random r = new Random(3);
        for (int hidden : new int[] {1, 7, 16, 37, 64}) {
            int batch = 3;
            float[] xg = random(r, batch * 4 * hidden, 2), hg = random(r, batch * 4 * hidden, 2);
            float[] c0 = random(r, batch * hidden, 1), dm = random(r, batch * hidden, 1), dc = random(r, batch * hidden, 1);
            float[][] outV = {new float[xg.length], new float[c0.length], new float[c0.length]};
            float[][] outP = {new float[xg.length], new float[c0.length], new float[c0.length]};
            v.lstmForward(batch, hidden, xg, hg, c0, outV[0], outV[1], outV[2]);
            p.lstmForward(batch, hidden, xg, hg, c0, outP[0], outP[1], outP[2]);
            for (int k = 0; k < 3; k++) assertNear(outP[k], outV[k], "lstm forward " + k + " H=" + hidden);
            float[] dzV = new float[xg.length], dzP = new float[xg.length], dcV = new float[c0.length], dcP = new float[c0.length];
            v.lstmBackward(batch, hidden, outP[0], outP[1], c0, dm, dc, dzV, dcV);
            p.lstmBackward(batch, hidden, outP[0], outP[1], c0, dm, dc, dzP, dcP);
            assertNear(dzP, dzV, "lstm dz H=" + hidden);
            assertNear(dcP, dcV, "lstm dc H=" + hidden);

            float[] gx = random(r, batch * 3 * hidden, 2), gh = random(r, batch * 3 * hidden, 2), h0 = random(r, batch * hidden, 1);
            float[] actV = new float[gx.length], actP = new float[gx.length], hV = new float[h0.length], hP = new float[h0.length];
            v.gruForward(batch, hidden, gx, gh, h0, actV, hV);
            p.gruForward(batch, hidden, gx, gh, h0, actP, hP);
            assertNear(actP, actV, "gru gates H=" + hidden);
            assertNear(hP, hV, "gru h H=" + hidden);
            float[][] gV = {new float[gx.length], new float[gx.length], new float[h0.length]};
            float[][] gP = {new float[gx.length], new float[gx.length], new float[h0.length]};
            v.gruBackward(batch, hidden, actP, gh, h0, dm, gV[0], gV[1], gV[2]);
            p.gruBackward(batch, hidden, actP, gh, h0, dm, gP[0], gP[1], gP[2]);
            for (int k = 0; k < 3; k++) assertNear(gP[k], gV[k], "gru backward " + k + " H=" + hidden);

            for (boolean relu : new boolean[] {false, true}) {
                int n = batch * hidden;
                float[] a = random(r, n, 2), b = random(r, n, 2), yV = new float[n], yP = new float[n];
                v.rnnForward(n, relu, a, b, yV);
                p.rnnForward(n, relu, a, b, yP);
                assertNear(yP, yV, "rnn forward relu=" + relu);
                float[] dV = new float[n], dP = new float[n];
                v.rnnBackward(n, relu, yP, dm, dV);
                p.rnnBackward(n, relu, yP, dm, dP);
                assertNear(dP, dV, "rnn backward relu=" + relu);
            }
        }
    }
}
