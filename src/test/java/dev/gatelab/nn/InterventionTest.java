package dev.gatelab.nn;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.Step;
import dev.gatelab.kernel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * An intervention changes a value inside the fused step, and everything computed from it follows: tested by what the
 * equations then force (c stays 0 with i shut, c = g with f shut and i open) and against a step-by-step reference.
 */
class InterventionTest {
    private static final Direction F = Direction.FORWARD;

    private static SequenceModel lstmModel(DType dtype, int layers, Rng rng) {
        return SequenceModel.everyStep(LSTM.builder(3, 5).numLayers(layers).batchFirst().dtype(dtype).rng(rng).build(), 2);
    }

    @Test
    void aShutInputGateKeepsTheCellStateAtZeroInBothTypes() {
        for (DType dtype : DType.values()) {
            Rng rng = new Rng(1);
            SequenceModel model = lstmModel(dtype, 1, rng);
            Tensor x = Tensor.randn(rng, dtype, 4, 7, 3);
            GateTrace trace = model.with(Intervention.on("i").units(1, 3).clamp(0)).trace(x);
            Tensor c = trace.gate("c"), h = trace.gate("h"), i = trace.gate("i");
            for (int k = 0; k < 4 * 7; k++) {
                for (int u : new int[] {1, 3}) {
                    assertEquals(0, i.get(k * 5 + u), 0, "the trace records the clamped gate");
                    assertEquals(0, c.get(k * 5 + u), 0, "c = f·0 + 0·g stays 0");
                    assertEquals(0, h.get(k * 5 + u), 0, "h = o·tanh(0)");
                }
                assertNotEquals(0, c.get(k * 5 + 2), "the other units run as before");
            }
        }
    }

    @Test
    void aShutForgetGateAndAnOpenInputGateMakeTheCellStateTheCandidate() {
        Rng rng = new Rng(2);
        SequenceModel model = lstmModel(DType.FLOAT64, 1, rng);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 6, 3);
        GateTrace trace = model.with(Intervention.on("f").units(2).clamp(0), Intervention.on("i").units(2).clamp(1)).trace(x);
        Tensor c = trace.gate("c"), g = trace.gate("g");
        for (int k = 0; k < 3 * 6; k++) assertEquals(g.get(k * 5 + 2), c.get(k * 5 + 2), 0);
    }

    @Test
    void aGruWhoseUpdateGateIsHeldOpenKeepsItsHiddenState() {
        Rng rng = new Rng(3);
        SequenceModel model = SequenceModel.lastStep(GRU.builder(3, 4).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 1);
        GateTrace trace = model.with(Intervention.on("z").units(0).clamp(1)).trace(Tensor.randn(rng, DType.FLOAT64, 2, 5, 3));
        Tensor h = trace.gate("h");
        for (int k = 0; k < 2 * 5; k++) assertEquals(0, h.get(k * 4), 0, "h = (1 − 1)·n + 1·h_prev = h0 = 0");
    }

    @Test
    void silencingHOverASpanEqualsTheStepByStepReference() {
        Rng rng = new Rng(4);
        SequenceModel model = lstmModel(DType.FLOAT64, 2, rng);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 3, 8, 3);
        Tensor got = model.with(Intervention.on("h").layer(1).units(0, 4).steps(2, 5).silence()).predict(x);

        // The reference: a step at a time, h of layer 1 set to 0 in units 0 and 4 at steps 2, 3 and 4 before the head
        // reads it and before the next step does.
        RecurrentState state = null;
        try (Grad.Scope off = Grad.off()) {
            for (int t = 0; t < 8; t++) {
                SequenceModel.Step s = model.step(x.slice(1, t, t + 1), state);
                Tensor h = s.state().h().copy(); // [layers, batch, 5]
                if (t >= 2 && t < 5) {
                    for (int b = 0; b < 3; b++) for (int u : new int[] {0, 4}) h.set((5 * 3) + b * 5 + u, 0);
                }
                Tensor out = model.head().forward(h.reshape(2, 3, 5).slice(0, 1, 2).reshape(3, 5));
                for (int b = 0; b < 3; b++) {
                    for (int o = 0; o < 2; o++) assertEquals(out.get(b * 2 + o), got.at(b, t, o), 1e-14, "step " + t);
                }
                state = RecurrentState.of(h, s.state().c());
            }
        }
        // Outside the span the output is the plain model's until the span; after it, the change carries on.
        Tensor plain = model.predict(x);
        assertEquals(plain.at(0, 1, 0), got.at(0, 1, 0), 0);
        assertNotEquals(plain.at(0, 6, 0), got.at(0, 6, 0));
    }

    @Test
    void theMeanOfATraceReplacesEachUnitByItsOwnMean() {
        CellDefinition mgu = CellDefinition.builder("MguForInterventions").blocks("f", "n")
                .step(in -> {
                    Expr f = in.preActivation("f").sigmoid(), n = in.inputPart("n").add(f.mul(in.hiddenPart("n"))).tanh();
                    return Step.of(f.oneMinus().mul(in.hidden()).add(f.mul(n))).gate("f", f).gate("n", n);
                })
                .build();
        Rng rng = new Rng(5);
        SequenceModel model = SequenceModel.everyStep(CellLayer.builder(mgu, 3, 4).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 1);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5, 6, 3);
        GateTrace plain = model.trace(x);
        Intervention typical = Intervention.on("f").units(1, 2).mean(plain);
        GateTrace changed = model.with(typical).trace(x);
        for (int u : new int[] {1, 2}) {
            double mean = 0;
            for (int k = 0; k < 30; k++) mean += plain.gate("f").get(k * 4 + u) / 30;
            for (int k = 0; k < 30; k++) assertEquals(mean, changed.gate("f").get(k * 4 + u), 1e-6); // a trace keeps floats
        }
        assertNotEquals(plain.gate("h").get(5 * 4 + 1), changed.gate("h").get(5 * 4 + 1), "n and h follow the new f");
    }

    @Test
    void withoutInterventionsAndAcrossThreadsTheBitsAreThePlainModels() {
        Rng rng = new Rng(6);
        SequenceModel model = lstmModel(DType.FLOAT32, 1, rng);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 16, 5, 3);
        assertArrayEquals(model.predict(x).toArray(), model.with().predict(x).toArray());
        // An intervention on layer 0's c computed on one thread and on two (blocks of rows) gives the same bits.
        Intervention iv = Intervention.on("c").units(0).steps(1, 3).clamp(0.5);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] one = model.with(iv).predict(x).toArray();
            Parallel.setThreads(2);
            assertArrayEquals(one, model.with(iv).predict(x).toArray());
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badInterventionsAreNamed() {
        Rng rng = new Rng(7);
        SequenceModel model = lstmModel(DType.FLOAT64, 1, rng);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 4, 3);
        assertMessage(() -> model.with(Intervention.on("h").units(5).silence()), "unit 5 is outside [0, 5)");
        assertMessage(() -> model.with(Intervention.on("z").silence()), "traces no 'z'");
        assertMessage(() -> model.with(Intervention.on("c").layer(1).silence()), "layer 1 is outside [0, 1)");
        assertMessage(() -> model.with(Intervention.on("c").direction(Direction.REVERSE).silence()), "not bidirectional");
        assertMessage(() -> model.with(Intervention.on("c").steps(2, 9).silence()).predict(x), "outside the sequence of 4 steps");
        assertMessage(() -> Intervention.on("c").units(1, 2).set(1, 2, 3), "3 values for 2 units");
        assertMessage(() -> Intervention.on("c").steps(3, 3), "0 <= first < end");
        assertMessage(() -> model.with(Intervention.on("c").silence()).forward(x), "without a graph");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        assertRefuses(ArgumentException.class, call, part);
    }
}
