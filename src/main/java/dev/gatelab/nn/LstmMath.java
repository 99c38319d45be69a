package dev.gatelab.nn;

import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.GateKernels;

/**
 * i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o) with z = xg + hg; c = f⊙c_prev + i⊙g; m = o⊙tanh(c).
 * Backward: dc = dc_next + dm⊙o⊙(1−tanh²c); then each gate's pre-activation gradient by the chain rule.
 */
final class LstmMath implements CellMath {
    @Override
    public int gates() {
        return 4;
    }

    @Override
    public String[] gateNames() {
        return new String[] {"i", "f", "g", "o"};
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    public void forward(int batch, int hidden, Tensor xg, int xgAt, Tensor hg, Tensor hPrev, Tensor cPrev, Tensor act,
            Tensor c, Tensor m) {
        if (CellMath.floats(xg) != null) {
            GateKernels.get().lstmForward(batch, hidden, CellMath.floats(xg), xgAt, CellMath.floats(hg),
                    CellMath.floats(cPrev), CellMath.floats(act), CellMath.floats(c), CellMath.floats(m));
            return;
        }
        int width = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int row = b * width;
            for (int j = 0; j < hidden; j++) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden;
                double i = Ops.sigmoid(xg.get(xgAt + zi) + hg.get(zi));
                double f = Ops.sigmoid(xg.get(xgAt + zf) + hg.get(zf));
                double g = Math.tanh(xg.get(xgAt + zg) + hg.get(zg));
                double o = Ops.sigmoid(xg.get(xgAt + zo) + hg.get(zo));
                int k = b * hidden + j;
                double cell = f * cPrev.get(k) + i * g;
                act.set(zi, i);
                act.set(zf, f);
                act.set(zg, g);
                act.set(zo, o);
                c.set(k, cell);
                m.set(k, o * Math.tanh(c.get(k)));
            }
        }
    }

    @Override
    public void backward(int batch, int hidden, Tensor act, Tensor hg, Tensor c, Tensor cPrev, Tensor hPrev, Tensor dm,
            Tensor dcNext, Tensor dxg, int dxgAt, Tensor dhg, int dhgAt, Tensor dcPrev, Tensor dhPrevDirect) {
        int width = 4 * hidden;
        if (CellMath.floats(act) != null) {
            GateKernels.get().lstmBackward(batch, hidden, CellMath.floats(act), CellMath.floats(c), CellMath.floats(cPrev),
                    CellMath.floats(dm), CellMath.floats(dcNext), CellMath.floats(dxg), dxgAt, CellMath.floats(dcPrev));
            CellMath.copyWhereApart(dxg, dxgAt, dhg, dhgAt, batch * width);
            dhPrevDirect.fill(0);
            return;
        }
        for (int b = 0; b < batch; b++) {
            int row = b * width;
            for (int j = 0; j < hidden; j++) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden;
                int k = b * hidden + j;
                double i = act.get(zi), f = act.get(zf), g = act.get(zg), o = act.get(zo);
                double tc = Math.tanh(c.get(k));
                double dmk = dm.get(k);
                double dc = dcNext.get(k) + dmk * o * (1 - tc * tc);
                double dzi = dc * g * i * (1 - i);
                double dzf = dc * cPrev.get(k) * f * (1 - f);
                double dzg = dc * i * (1 - g * g);
                double dzo = dmk * tc * o * (1 - o);
                dxg.set(dxgAt + zi, dzi);
                dxg.set(dxgAt + zf, dzf);
                dxg.set(dxgAt + zg, dzg);
                dxg.set(dxgAt + zo, dzo);
                dcPrev.set(k, dc * f);
            }
        }
        CellMath.copyWhereApart(dxg, dxgAt, dhg, dhgAt, batch * width);
        dhPrevDirect.fill(0);
    }
}
