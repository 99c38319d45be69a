package dev.gatelab.kernel;

/**
 * The gate arithmetic in plain Java, in float with {@link FloatMath}'s exp, sigmoid and tanh: the same operations in
 * the same order as {@link VectorGates}, so the two give the same bits.
 */
final class ScalarGates implements GateKernels.Impl {
    private static float sigmoid(float x) {
        return FloatMath.sigmoid(x);
    }

    private static float tanh(float x) {
        return FloatMath.tanh(x);
    }

    @Override
    public String name() {
        return "plain-java";
    }

    @Override
    public void lstmForward(int batch, int hidden, float[] xg, float[] hg, float[] cPrev, float[] act, float[] c, float[] m) {
        lstmForwardRange(batch, hidden, 0, hidden, xg, hg, cPrev, act, c, m);
    }

    /** Units [from, to) of every row: the vector kernel hands its tail here. */
    static void lstmForwardRange(int batch, int hidden, int from, int to, float[] xg, float[] hg, float[] cPrev,
            float[] act, float[] c, float[] m) {
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden;
            for (int j = from; j < to; j++) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden, k = b * hidden + j;
                float i = sigmoid(xg[zi] + hg[zi]), f = sigmoid(xg[zf] + hg[zf]);
                float g = tanh(xg[zg] + hg[zg]), o = sigmoid(xg[zo] + hg[zo]);
                act[zi] = i;
                act[zf] = f;
                act[zg] = g;
                act[zo] = o;
                float cell = f * cPrev[k] + i * g;
                c[k] = cell;
                m[k] = o * tanh(cell);
            }
        }
    }

    @Override
    public void lstmBackward(int batch, int hidden, float[] act, float[] c, float[] cPrev, float[] dm, float[] dcNext,
            float[] dz, float[] dcPrev) {
        lstmBackwardRange(batch, hidden, 0, hidden, act, c, cPrev, dm, dcNext, dz, dcPrev);
    }

    static void lstmBackwardRange(int batch, int hidden, int from, int to, float[] act, float[] c, float[] cPrev,
            float[] dm, float[] dcNext, float[] dz, float[] dcPrev) {
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden;
            for (int j = from; j < to; j++) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden, k = b * hidden + j;
                float i = act[zi], f = act[zf], g = act[zg], o = act[zo];
                float tc = tanh(c[k]), dmk = dm[k];
                float dc = dcNext[k] + dmk * o * (1f - tc * tc);
                dz[zi] = dc * g * i * (1f - i);
                dz[zf] = dc * cPrev[k] * f * (1f - f);
                dz[zg] = dc * i * (1f - g * g);
                dz[zo] = dmk * tc * o * (1f - o);
                dcPrev[k] = dc * f;
            }
        }
    }

    @Override
    public void gruForward(int batch, int hidden, float[] xg, float[] hg, float[] hPrev, float[] act, float[] h) {
        gruForwardRange(batch, hidden, 0, hidden, xg, hg, hPrev, act, h);
    }

    static void gruForwardRange(int batch, int hidden, int from, int to, float[] xg, float[] hg, float[] hPrev,
            float[] act, float[] h) {
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hidden;
            for (int j = from; j < to; j++) {
                int ir = row + j, iz = ir + hidden, in = iz + hidden, k = b * hidden + j;
                float r = sigmoid(xg[ir] + hg[ir]), z = sigmoid(xg[iz] + hg[iz]);
                float n = tanh(xg[in] + r * hg[in]);
                act[ir] = r;
                act[iz] = z;
                act[in] = n;
                h[k] = (1f - z) * n + z * hPrev[k];
            }
        }
    }

    @Override
    public void gruBackward(int batch, int hidden, float[] act, float[] hg, float[] hPrev, float[] dh, float[] dxg,
            float[] dhg, float[] dhPrevDirect) {
        gruBackwardRange(batch, hidden, 0, hidden, act, hg, hPrev, dh, dxg, dhg, dhPrevDirect);
    }

    static void gruBackwardRange(int batch, int hidden, int from, int to, float[] act, float[] hg, float[] hPrev,
            float[] dh, float[] dxg, float[] dhg, float[] dhPrevDirect) {
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hidden;
            for (int j = from; j < to; j++) {
                int ir = row + j, iz = ir + hidden, in = iz + hidden, k = b * hidden + j;
                float r = act[ir], z = act[iz], n = act[in], d = dh[k];
                float dan = d * (1f - z) * (1f - n * n);
                float dar = dan * hg[in] * r * (1f - r);
                float daz = d * (hPrev[k] - n) * z * (1f - z);
                dxg[ir] = dar;
                dxg[iz] = daz;
                dxg[in] = dan;
                dhg[ir] = dar;
                dhg[iz] = daz;
                dhg[in] = dan * r;
                dhPrevDirect[k] = d * z;
            }
        }
    }

    @Override
    public void rnnForward(int n, boolean relu, float[] xg, float[] hg, float[] h) {
        rnnForwardRange(0, n, relu, xg, hg, h);
    }

    static void rnnForwardRange(int from, int to, boolean relu, float[] xg, float[] hg, float[] h) {
        for (int k = from; k < to; k++) {
            float a = xg[k] + hg[k];
            h[k] = relu ? Math.max(a, 0f) : tanh(a);
        }
    }

    @Override
    public void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da) {
        rnnBackwardRange(0, n, relu, h, dh, da);
    }

    static void rnnBackwardRange(int from, int to, boolean relu, float[] h, float[] dh, float[] da) {
        for (int k = from; k < to; k++) da[k] = relu ? (h[k] > 0 ? dh[k] : 0f) : dh[k] * (1f - h[k] * h[k]);
    }
}
