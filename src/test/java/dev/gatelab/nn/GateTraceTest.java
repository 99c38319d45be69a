package dev.gatelab.nn;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The recorded gates are the values the cell equations give, per layer, direction, sample and step. */
class GateTraceTest {
    @Test
    void lstmTraceHoldsEveryGateOfEveryStep() {
        Rng rng = new Rng(3);
        LSTM lstm = LSTM.builder(2, 3).numLayers(2).bidirectional().dtype(DType.FLOAT64).rng(rng).build();
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 4, 2, 2);
        RecurrentOutput out = lstm.forward(x, new int[] {4, 2});
        GateTrace trace = lstm.trace(x, new int[] {4, 2});
        assertEquals(List.of("i", "f", "g", "o", "c", "h"), trace.gates());

        // Layer 0, forward direction, sample 1, step by step with the cell.
        LSTMCell cell = new LSTMCell(2, 3, true, DType.FLOAT64, rng);
        cell.namedParameters().forEach((k, v) -> v.assign(lstm.namedParameters().get(k + "_l0").toArray()));
        RecurrentState s = null;
        for (int t = 0; t < 2; t++) {
            Tensor xt = x.reshape(8, 2).slice(0, 2 * t + 1, 2 * t + 2);
            s = cell.forward(xt, s);
            Tensor h = trace.gate(0, Direction.FORWARD, "h", 1), c = trace.gate(0, Direction.FORWARD, "c", 1);
            for (int j = 0; j < 3; j++) {
                assertEquals(s.h().get(j), h.at(t, j), 1e-6);
                assertEquals(s.c().get(j), c.at(t, j), 1e-6);
            }
        }
        // Past the sample's length nothing is recorded.
        assertTrue(Double.isNaN(trace.gate(0, Direction.FORWARD, "f", 1).at(2, 0)));
        assertEquals(2, trace.length(1));
        // The top layer's recorded h is the layer's output; all samples at once is [samples, steps, units].
        assertEquals(out.output().at(3, 0, 1), trace.gate(1, Direction.FORWARD, "h").at(0, 3, 1), 1e-6);
        assertEquals(out.output().at(0, 0, 3 + 2), trace.gate(1, Direction.REVERSE, "h", 0).at(0, 2), 1e-6);

        Table table = trace.toTable();
        assertEquals(List.of("layer", "direction", "sample", "step", "unit", "gate", "value"), table.columnNames());
        // 2 layers × 2 directions × (4 + 2 valid steps) × 3 units × 6 names
        assertEquals(2 * 2 * 6 * 3 * 6, table.rowCount());
    }

    /** Issue 23 #17: a float64 layer's trace was kept in float32, 1e-8 off its output and Infinity past 3.4e38. */
    @Test
    void aFloat64TraceKeepsEveryDigitAndEveryMagnitude() {
        Rng rng = new Rng(4);
        LSTM lstm = LSTM.builder(2, 3).dtype(DType.FLOAT64).rng(rng).build();
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5, 2, 2);
        RecurrentOutput out = lstm.forward(x);
        Tensor h = lstm.trace(x).gate("h");
        for (int t = 0; t < 5; t++) {
            for (int b = 0; b < 2; b++) for (int j = 0; j < 3; j++) assertEquals(out.output().at(t, b, j), h.at(b, t, j), 0.0);
        }
        // A state far beyond float32's range, from a start value a float64 layer accepts.
        dev.gatelab.cell.CellDefinition big = dev.gatelab.cell.CellDefinition.builder("TestBigState").blocks("a").state("s")
                .parameter("p", 7.7e41).step(in -> {
                    var s = in.state("s").mul(in.preActivation("a").sigmoid()).add(in.parameter("p"));
                    return dev.gatelab.cell.Step.of(in.preActivation("a").tanh().mul(in.state("s"))).state("s", s);
                }).build();
        CellLayer layer = CellLayer.builder(big, 2, 3).dtype(DType.FLOAT64).rng(new Rng(5)).build();
        RecurrentOutput bigOut = layer.forward(x);
        Tensor s = layer.trace(x).gate("s");
        assertEquals(7.7e41, s.at(0, 0, 0), 0.0);
        assertEquals(bigOut.cN().at(0, 1, 2), s.at(1, 4, 2), 0.0);
        // A float32 layer's trace stays float32 (rounded as the layer computed it), returned as float64.
        LSTM small = LSTM.builder(2, 3).rng(new Rng(4)).build();
        Tensor x32 = x.to(DType.FLOAT32);
        assertEquals(small.forward(x32).output().at(4, 1, 2), small.trace(x32).gate("h").at(1, 4, 2), 0.0);
    }

    @Test
    void gruAndRnnRecordTheirOwnGates() {
        GRU gru = GRU.builder(2, 3).build();
        assertEquals(List.of("r", "z", "n", "h"), gru.trace(Tensor.zeros(3, 1, 2)).gates());
        RNN rnn = RNN.builder(2, 3).build();
        GateTrace trace = rnn.trace(Tensor.zeros(3, 1, 2));
        assertEquals(List.of("h"), trace.gates());
        assertEquals(3 * 3, trace.toTable().rowCount());
    }

    @Test
    void wrongAddressesSayWhatTheTraceHolds() {
        GateTrace trace = GRU.builder(2, 3).build().trace(Tensor.zeros(3, 2, 2));
        assertRefuses(IllegalArgumentException.class, () -> trace.gate("f"), "[r, z, n, h]");
        assertThrows(IllegalArgumentException.class, () -> trace.gate(1, Direction.FORWARD, "z"));
        assertThrows(IllegalArgumentException.class, () -> trace.gate(0, Direction.REVERSE, "z"));
        assertThrows(IllegalArgumentException.class, () -> trace.gate(0, Direction.FORWARD, "z", 2));
        assertThrows(IllegalArgumentException.class, trace::gradientNorms);
        assertTrue(trace.toString().contains("2 samples × 3 steps"), trace.toString());
    }

    @Test
    void tracingLeavesNoStateAndNoGradientBehind() {
        Rng.manualSeed(4);
        SequenceModel model = SequenceModel.lastStep(LSTM.builder(2, 3).batchFirst().dropout(0).build(), 1);
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT32, 2, 5, 2), y = Tensor.zeros(2, 1);
        model.train();
        Losses.mse().forward(model.forward(x), y).backward();
        double[] before = model.head().weight().grad().toArray();
        GateTrace trace = model.traceGradients(x, y, Losses.mse());
        assertEquals(5, trace.gradientNorms().length);
        assertTrue(trace.gradientNorms()[0] > 0);
        assertTrue(model.isTraining(), "the mode is as it was");
        assertArrayEquals(before, model.head().weight().grad().toArray(), "the gradients are as they were");
        model.trace(x);
        assertTrue(model.isTraining());
    }
}
