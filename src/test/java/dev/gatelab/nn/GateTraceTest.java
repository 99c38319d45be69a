package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The recorded gates are the values the cell equations give, per layer, direction, sample and step. */
class GateTraceTest {
    @Test
    void lstmTraceHoldsEveryGateOfEveryStep() {
        Rng rng = new Rng(3);
        LSTM lstm = LSTM.builder(2, 3).numLayers(2).bidirectional().dtype(DType.FLOAT64).rng(rng).build();
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 2, 2);
        lstm.recordGates(true);
        RecurrentOutput out = lstm.forward(x, new int[] {4, 2});
        GateTrace trace = lstm.lastTrace();
        assertEquals(List.of("i", "f", "g", "o", "c", "h"), trace.gates());

        // Layer 0, forward direction, sample 1, step by step with the cell.
        LSTMCell cell = new LSTMCell(2, 3, true, DType.FLOAT64, rng);
        cell.namedParameters().forEach((k, v) -> v.assign(lstm.namedParameters().get(k + "_l0").toArray()));
        RecurrentState s = null;
        for (int t = 0; t < 2; t++) {
            Tensor xt = x.reshape(8, 2).slice(0, 2 * t + 1, 2 * t + 2);
            s = cell.forward(xt, s);
            DMatrixRMaj h = trace.matrix(0, "forward", 1, "h"), c = trace.matrix(0, "forward", 1, "c");
            for (int j = 0; j < 3; j++) {
                assertEquals(s.h().get(j), h.get(t, j), 1e-6);
                assertEquals(s.c().get(j), c.get(t, j), 1e-6);
            }
        }
        // Past the sample's length nothing is recorded.
        assertTrue(Double.isNaN(trace.matrix(0, "forward", 1, "f").get(2, 0)));
        // The top layer's recorded h is the layer's output.
        assertEquals(out.output().at(3, 0, 1), trace.matrix(1, "forward", 0, "h").get(3, 1), 1e-6);
        assertEquals(out.output().at(0, 0, 3 + 2), trace.matrix(1, "reverse", 0, "h").get(0, 2), 1e-6);

        Table table = trace.toTable();
        assertEquals(List.of("layer", "direction", "sample", "step", "unit", "gate", "value"), table.columnNames());
        // 2 layers × 2 directions × (4 + 2 valid steps) × 3 units × 6 names
        assertEquals(2 * 2 * 6 * 3 * 6, table.rowCount());
    }

    @Test
    void gruAndRnnRecordTheirOwnGates() {
        GRU gru = GRU.builder(2, 3).build();
        gru.recordGates(true).forward(Tensor.zeros(3, 1, 2));
        assertEquals(List.of("r", "z", "n", "h"), gru.lastTrace().gates());
        RNN rnn = RNN.builder(2, 3).build();
        rnn.recordGates(true).forward(Tensor.zeros(3, 1, 2));
        assertEquals(List.of("h"), rnn.lastTrace().gates());
        assertEquals(3 * 3, rnn.lastTrace().toTable().rowCount());
    }

    @Test
    void recordingOffKeepsNothing() {
        GRU gru = GRU.builder(2, 3).build();
        gru.forward(Tensor.zeros(3, 1, 2));
        assertNull(gru.lastTrace());
    }
}
