package dev.gatelab.nn;

import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.GateKernels;

/**
 * r = σ(xg_r + hg_r), z = σ(xg_z + hg_z), n = tanh(xg_n + r⊙hg_n), h = (1−z)⊙n + z⊙h_prev, where hg_n already
 * holds b_hn: the reset gate multiplies W_hn·h + b_hn, as in PyTorch (and cuDNN), not W_hn·(r⊙h).
 */
final class GruMath implements CellMath {
    @Override
    public int gates() {
        return 3;
    }

    @Override
    public String[] gateNames() {
        return new String[] {"r", "z", "n"};
    }

    @Override
    public boolean keepsHiddenPart() {
        return true;
    }

    @Override
    public void forward(int batch, int hidden, Tensor xg, int xgAt, Tensor hg, Tensor hPrev, Tensor cPrev, Tensor act,
            Tensor c, Tensor m) {
        if (CellMath.floats(xg) != null) {
            GateKernels.get().gruForward(batch, hidden, CellMath.floats(xg), xgAt, CellMath.floats(hg),
                    CellMath.floats(hPrev), CellMath.floats(act), CellMath.floats(m));
            return;
        }
        int width = 3 * hidden;
        for (int b = 0; b < batch; b++) {
            int row = b * width;
            for (int j = 0; j < hidden; j++) {
                int ir = row + j, iz = ir + hidden, in = iz + hidden;
                int k = b * hidden + j;
                double r = Ops.sigmoid(xg.get(xgAt + ir) + hg.get(ir));
                double z = Ops.sigmoid(xg.get(xgAt + iz) + hg.get(iz));
                double n = Math.tanh(xg.get(xgAt + in) + r * hg.get(in));
                act.set(ir, r);
                act.set(iz, z);
                act.set(in, n);
                m.set(k, (1 - z) * n + z * hPrev.get(k));
            }
        }
    }

    @Override
    public void backward(int batch, int hidden, Tensor act, Tensor hg, Tensor c, Tensor cPrev, Tensor hPrev, Tensor dm,
            Tensor dcNext, Tensor dxg, int dxgAt, Tensor dhg, int dhgAt, Tensor dcPrev, Tensor dhPrevDirect) {
        if (CellMath.floats(act) != null) {
            GateKernels.get().gruBackward(batch, hidden, CellMath.floats(act), CellMath.floats(hg), CellMath.floats(hPrev),
                    CellMath.floats(dm), CellMath.floats(dxg), dxgAt, CellMath.floats(dhg), dhgAt,
                    CellMath.floats(dhPrevDirect));
            return;
        }
        int width = 3 * hidden;
        for (int b = 0; b < batch; b++) {
            int row = b * width;
            for (int j = 0; j < hidden; j++) {
                int ir = row + j, iz = ir + hidden, in = iz + hidden;
                int k = b * hidden + j;
                double r = act.get(ir), z = act.get(iz), n = act.get(in);
                double dh = dm.get(k);
                double dan = dh * (1 - z) * (1 - n * n);
                double dar = dan * hg.get(in) * r * (1 - r);
                double daz = dh * (hPrev.get(k) - n) * z * (1 - z);
                dxg.set(dxgAt + ir, dar);
                dxg.set(dxgAt + iz, daz);
                dxg.set(dxgAt + in, dan);
                dhg.set(dhgAt + ir, dar);
                dhg.set(dhgAt + iz, daz);
                dhg.set(dhgAt + in, dan * r);
                dhPrevDirect.set(k, dh * z);
            }
        }
    }
}
