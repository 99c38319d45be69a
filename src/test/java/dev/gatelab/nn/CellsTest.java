package dev.gatelab.nn;

import static dev.gatelab.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.GradCheck;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-step cells agree with a one-layer layer run for one step on the same weights, and pass the gradient check. */
class CellsTest {
    private final Rng rng = new Rng(5);

    /** The layer's parameters under the cell's names (weight_ih_l0 → weight_ih). */
    private static Map<String, Tensor> renamed(Module cell) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        cell.namedParameters().forEach((k, v) -> m.put(k + "_l0", v));
        return m;
    }

    private Tensor seq(Tensor x) {
        return x.reshape(1, x.dim(0), x.dim(1));
    }

    @Test
    void lstmCellIsOneStepOfLstm() {
        LSTMCell cell = new LSTMCell(3, 4, true, DType.FLOAT64, rng);
        LSTM layer = LSTM.builder(3, 4).dtype(DType.FLOAT64).build();
        layer.loadStateDict(renamed(cell));
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3), h = Tensor.randn(rng, DType.FLOAT64, 2, 4);
        Tensor c = Tensor.randn(rng, DType.FLOAT64, 2, 4);
        RecurrentState next = cell.forward(x, RecurrentState.of(h, c));
        RecurrentOutput out = layer.forward(seq(x), seq(h), seq(c));
        assertClose(out.hN().toArray(), next.h(), 1e-14, "h");
        assertClose(out.cN().toArray(), next.c(), 1e-14, "c");
        assertTrue(GradCheck.check(() -> {
            RecurrentState s = cell.forward(x, RecurrentState.of(h, c));
            return s.h().add(s.c().mul(2));
        }, concat(x, h, c, cell)).passed(1e-7));
    }

    @Test
    void gruCellIsOneStepOfGru() {
        GRUCell cell = new GRUCell(3, 4, true, DType.FLOAT64, rng);
        GRU layer = GRU.builder(3, 4).dtype(DType.FLOAT64).build();
        layer.loadStateDict(renamed(cell));
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3), h = Tensor.randn(rng, DType.FLOAT64, 2, 4);
        assertClose(layer.forward(seq(x), seq(h)).hN().toArray(), cell.forward(x, h), 1e-14, "h");
        assertTrue(GradCheck.check(() -> cell.forward(x, h), concat(x, h, null, cell)).passed(1e-7));
    }

    @Test
    void rnnCellIsOneStepOfRnn() {
        for (Nonlinearity nl : Nonlinearity.values()) {
            RNNCell cell = new RNNCell(3, 4, false, nl, DType.FLOAT64, rng);
            RNN layer = RNN.builder(3, 4).nonlinearity(nl).bias(false).dtype(DType.FLOAT64).build();
            layer.loadStateDict(renamed(cell));
            Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 3), h = Tensor.randn(rng, DType.FLOAT64, 2, 4);
            assertClose(layer.forward(seq(x), seq(h)).hN().toArray(), cell.forward(x, h), 1e-14, nl.name());
            assertTrue(GradCheck.check(() -> cell.forward(x, h), concat(x, h, null, cell)).passed(1e-7), nl.name());
        }
    }

    private static Tensor[] concat(Tensor x, Tensor h, Tensor c, Module cell) {
        java.util.List<Tensor> all = new java.util.ArrayList<>(java.util.List.of(x, h));
        if (c != null) all.add(c);
        all.addAll(cell.parameters());
        return all.toArray(new Tensor[0]);
    }
}
