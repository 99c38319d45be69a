package dev.gatelab.kernel;

/** The gate arithmetic in plain Java, each value computed in double and stored as float. */
final class ScalarGates implements GateKernels.Impl {
    static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
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
                float i = (float) sigmoid(xg[zi] + hg[zi]), f = (float) sigmoid(xg[zf] + hg[zf]);
                float g = (float) Math.tanh(xg[zg] + hg[zg]), o = (float) sigmoid(xg[zo] + hg[zo]);
                act[zi] = i;
                act[zf] = f;
                act[zg] = g;
                act[zo] = o;
                c[k] = (float) ((double) f * cPrev[k] + (double) i * g);
                m[k] = (float) (o * Math.tanh(c[k]));
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
                double i = act[zi], f = act[zf], g = act[zg], o = act[zo];
                double tc = Math.tanh(c[k]), dmk = dm[k];
                double dc = dcNext[k] + dmk * o * (1 - tc * tc);
                dz[zi] = (float) (dc * g * i * (1 - i));
                dz[zf] = (float) (dc * cPrev[k] * f * (1 - f));
                dz[zg] = (float) (dc * i * (1 - g * g));
                dz[zo] = (float) (dmk * tc * o * (1 - o));
                dcPrev[k] = (float) (dc * f);
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
                double r = sigmoid(xg[ir] + hg[ir]), z = sigmoid(xg[iz] + hg[iz]);
                double n = Math.tanh(xg[in] + r * hg[in]);
                act[ir] = (float) r;
                act[iz] = (float) z;
                act[in] = (float) n;
                h[k] = (float) ((1 - z) * n + z * hPrev[k]);
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
                double r = act[ir], z = act[iz], n = act[in], d = dh[k];
                double dan = d * (1 - z) * (1 - n * n);
                double dar = dan * hg[in] * r * (1 - r);
                double daz = d * (hPrev[k] - n) * z * (1 - z);
                dxg[ir] = (float) dar;
                dxg[iz] = (float) daz;
                dxg[in] = (float) dan;
                dhg[ir] = (float) dar;
                dhg[iz] = (float) daz;
                dhg[in] = (float) (dan * r);
                dhPrevDirect[k] = (float) (d * z);
            }
        }
    }

    @Override
    public void rnnForward(int n, boolean relu, float[] xg, float[] hg, float[] h) {
        rnnForwardRange(0, n, relu, xg, hg, h);
    }

    static void rnnForwardRange(int from, int to, boolean relu, float[] xg, float[] hg, float[] h) {
        for (int k = from; k < to; k++) {
            double a = xg[k] + hg[k];
            h[k] = (float) (relu ? Math.max(a, 0) : Math.tanh(a));
        }
    }

    @Override
    public void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da) {
        rnnBackwardRange(0, n, relu, h, dh, da);
    }

    static void rnnBackwardRange(int from, int to, boolean relu, float[] h, float[] dh, float[] da) {
        for (int k = from; k < to; k++) da[k] = (float) (dh[k] * (relu ? (h[k] > 0 ? 1 : 0) : 1 - (double) h[k] * h[k]));
    }
}
