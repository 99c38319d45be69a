package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.GateKernels;

/** h = tanh(xg + hg) or relu(xg + hg); one gate block, whose activation is h itself. */
final class RnnMath implements CellMath {
    private final boolean relu;

    RnnMath(boolean relu) {
        this.relu = relu;
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public String[] gateNames() {
        return new String[] {"h"};
    }

    @Override
    public void forward(int batch, int hidden, Tensor xg, int xgAt, Tensor hg, Tensor hPrev, Tensor cPrev, Tensor act,
            Tensor c, Tensor m) {
        if (CellMath.floats(xg) != null) {
            GateKernels.get().rnnForward(batch * hidden, relu, CellMath.floats(xg), xgAt, CellMath.floats(hg),
                    CellMath.floats(act));
            act.copyInto(m);
            return;
        }
        for (int k = 0; k < batch * hidden; k++) {
            double a = xg.get(xgAt + k) + hg.get(k);
            double h = relu ? Math.max(a, 0) : Math.tanh(a);
            act.set(k, h);
            m.set(k, h);
        }
    }

    @Override
    public void backward(int batch, int hidden, Tensor act, Tensor hg, Tensor c, Tensor cPrev, Tensor hPrev, Tensor dm,
            Tensor dcNext, Tensor dxg, int dxgAt, Tensor dhg, int dhgAt, Tensor dcPrev, Tensor dhPrevDirect) {
        if (CellMath.floats(act) != null) {
            GateKernels.get().rnnBackward(batch * hidden, relu, CellMath.floats(act), CellMath.floats(dm),
                    CellMath.floats(dxg), dxgAt);
        } else {
            for (int k = 0; k < batch * hidden; k++) {
                double h = act.get(k);
                dxg.set(dxgAt + k, dm.get(k) * (relu ? (h > 0 ? 1 : 0) : 1 - h * h));
            }
        }
        CellMath.copyWhereApart(dxg, dxgAt, dhg, dhgAt, batch * hidden);
        dhPrevDirect.fill(0);
    }
}
