package dev.gatelab.kernel;

/**
 * The gate arithmetic in plain Java, in float with {@link FloatMath}'s exp, sigmoid and tanh: the same operations in
 * the same order as {@link VectorGates}, so the two give the same bits. The per-unit methods also finish the rows
 * that the vector kernels leave over.
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
    public void lstmForward(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] cPrev, float[] act, float[] c,
            float[] m) {
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden;
            for (int j = 0; j < hidden; j++) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden;
                act[zi] = sigmoid(xg[xgAt + zi] + hg[zi]);
                act[zf] = sigmoid(xg[xgAt + zf] + hg[zf]);
                act[zg] = tanh(xg[xgAt + zg] + hg[zg]);
                act[zo] = sigmoid(xg[xgAt + zo] + hg[zo]);
                lstmCell(hidden, act, zi, cPrev, c, m, b * hidden + j);
            }
        }
    }

    /** c = f·c_prev + i·g and m = o·tanh(c) for the unit whose input gate is act[zi] and whose state is at k. */
    static void lstmCell(int hidden, float[] act, int zi, float[] cPrev, float[] c, float[] m, int k) {
        float cell = act[zi + hidden] * cPrev[k] + act[zi] * act[zi + 2 * hidden];
        c[k] = cell;
        m[k] = act[zi + 3 * hidden] * tanh(cell);
    }

    @Override
    public void lstmBackward(int batch, int hidden, float[] act, float[] c, float[] cPrev, float[] dm, float[] dcNext,
            float[] dz, int dzAt, float[] dcPrev) {
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hidden; j++) {
                int k = b * hidden + j;
                lstmBackwardUnit(hidden, b * 4 * hidden + j, k, act, tanh(c[k]), cPrev, dm, dcNext, dz, dzAt, dcPrev);
            }
        }
    }

    /** One unit of the LSTM's backward step, given tc = tanh(c) for it; dz is written from dzAt. */
    static void lstmBackwardUnit(int hidden, int zi, int k, float[] act, float tc, float[] cPrev, float[] dm,
            float[] dcNext, float[] dz, int dzAt, float[] dcPrev) {
        int zf = zi + hidden, zg = zf + hidden, zo = zg + hidden;
        float i = act[zi], f = act[zf], g = act[zg], o = act[zo];
        float dmk = dm[k];
        float dc = dcNext[k] + dmk * o * (1f - tc * tc);
        dz[dzAt + zi] = dc * g * i * (1f - i);
        dz[dzAt + zf] = dc * cPrev[k] * f * (1f - f);
        dz[dzAt + zg] = dc * i * (1f - g * g);
        dz[dzAt + zo] = dmk * tc * o * (1f - o);
        dcPrev[k] = dc * f;
    }

    @Override
    public void gruForward(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] hPrev, float[] act, float[] h) {
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hidden;
            for (int j = 0; j < 2 * hidden; j++) act[row + j] = sigmoid(xg[xgAt + row + j] + hg[row + j]);
            for (int j = 0; j < hidden; j++) gruCandidate(hidden, xg, xgAt, hg, act, row + j, hPrev, h, b * hidden + j);
        }
    }

    /** n = tanh(xg_n + r·hg_n) and h = (1−z)·n + z·h_prev for the unit whose reset gate is act[ir]. */
    static void gruCandidate(int hidden, float[] xg, int xgAt, float[] hg, float[] act, int ir, float[] hPrev, float[] h,
            int k) {
        int in = ir + 2 * hidden;
        act[in] = tanh(xg[xgAt + in] + act[ir] * hg[in]);
        gruBlend(hidden, act, ir, hPrev, h, k);
    }

    static void gruBlend(int hidden, float[] act, int ir, float[] hPrev, float[] h, int k) {
        float z = act[ir + hidden], n = act[ir + 2 * hidden];
        h[k] = (1f - z) * n + z * hPrev[k];
    }

    @Override
    public void gruBackward(int batch, int hidden, float[] act, float[] hg, float[] hPrev, float[] dh, float[] dxg,
            int dxgAt, float[] dhg, int dhgAt, float[] dhPrevDirect) {
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hidden; j++) {
                gruBackwardUnit(hidden, b * 3 * hidden + j, b * hidden + j, act, hg, hPrev, dh, dxg, dxgAt, dhg, dhgAt,
                        dhPrevDirect);
            }
        }
    }

    static void gruBackwardUnit(int hidden, int ir, int k, float[] act, float[] hg, float[] hPrev, float[] dh,
            float[] dxg, int dxgAt, float[] dhg, int dhgAt, float[] dhPrevDirect) {
        int iz = ir + hidden, in = iz + hidden;
        float r = act[ir], z = act[iz], n = act[in], d = dh[k];
        float dan = d * (1f - z) * (1f - n * n);
        float dar = dan * hg[in] * r * (1f - r);
        float daz = d * (hPrev[k] - n) * z * (1f - z);
        dxg[dxgAt + ir] = dar;
        dxg[dxgAt + iz] = daz;
        dxg[dxgAt + in] = dan;
        dhg[dhgAt + ir] = dar;
        dhg[dhgAt + iz] = daz;
        dhg[dhgAt + in] = dan * r;
        dhPrevDirect[k] = d * z;
    }

    @Override
    public void rnnForward(int n, boolean relu, float[] xg, int xgAt, float[] hg, float[] h) {
        for (int k = 0; k < n; k++) {
            float a = xg[xgAt + k] + hg[k];
            h[k] = relu ? Math.max(a, 0f) : tanh(a);
        }
    }

    @Override
    public void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da, int daAt) {
        rnnBackwardRange(0, n, relu, h, dh, da, daAt);
    }

    static void rnnBackwardRange(int from, int to, boolean relu, float[] h, float[] dh, float[] da, int daAt) {
        for (int k = from; k < to; k++) da[daAt + k] = relu ? (h[k] > 0 ? dh[k] : 0f) : dh[k] * (1f - h[k] * h[k]);
    }

    @Override
    public void addColumnSums(float[] source, int rows, int cols, float[] sums) {
        addColumnSums(source, rows, cols, sums, 0);
    }

    /** Columns [from, cols) only: the vector kernel's tail. */
    static void addColumnSums(float[] source, int rows, int cols, float[] sums, int from) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = from; c < cols; c++) sums[c] += source[o + c];
        }
    }
}
