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
    public void forward(int batch, int hidden, Tensor xg, Tensor hg, Tensor hPrev, Tensor cPrev, Tensor act, Tensor c,
            Tensor m) {
        if (CellMath.floats(xg) != null) {
            GateKernels.get().rnnForward(batch * hidden, relu, CellMath.floats(xg), CellMath.floats(hg), CellMath.floats(act));
            act.copyInto(m);
            return;
        }
        for (int k = 0; k < batch * hidden; k++) {
            double a = xg.get(k) + hg.get(k);
            double h = relu ? Math.max(a, 0) : Math.tanh(a);
            act.set(k, h);
            m.set(k, h);
        }
    }

    @Override
    public void backward(int batch, int hidden, Tensor act, Tensor hg, Tensor c, Tensor cPrev, Tensor hPrev, Tensor dm,
            Tensor dcNext, Tensor dxg, Tensor dhg, Tensor dcPrev, Tensor dhPrevDirect) {
        if (CellMath.floats(act) != null) {
            GateKernels.get().rnnBackward(batch * hidden, relu, CellMath.floats(act), CellMath.floats(dm), CellMath.floats(dxg));
            dxg.copyInto(dhg);
            dhPrevDirect.fill(0);
            return;
        }
        for (int k = 0; k < batch * hidden; k++) {
            double h = act.get(k);
            double da = dm.get(k) * (relu ? (h > 0 ? 1 : 0) : 1 - h * h);
            dxg.set(k, da);
            dhg.set(k, da);
        }
        dhPrevDirect.fill(0);
    }
}
