package dev.gatelab.cell;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.ArgumentException;
import dev.gatelab.cell.TracedValue.Activation;
import dev.gatelab.cell.TracedValue.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a trace says of each value comes from the cell's equations: role, activation and range, whatever the name. */
class TracedValueTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static void assertValue(CellDefinition cell, String name, Role role, Activation act, double min, double max) {
        TracedValue v = cell.traced(name);
        String where = cell.name() + " " + name + ": " + v;
        assertEquals(role, v.role(), where);
        assertEquals(act, v.activation(), where);
        assertEquals(min, v.min(), 0, where);
        assertEquals(max, v.max(), 0, where);
    }

    @Test
    void theStandardLstmGruAndRnn() {
        CellDefinition lstm = LstmVariant.STANDARD.definition();
        for (String gate : List.of("i", "f", "o")) assertValue(lstm, gate, Role.GATE, Activation.SIGMOID, 0, 1);
        assertValue(lstm, "g", Role.CANDIDATE, Activation.TANH, -1, 1);
        assertValue(lstm, "c", Role.STATE, Activation.NONE, -INF, INF);
        assertValue(lstm, "h", Role.OUTPUT, Activation.NONE, -1, 1);
        assertEquals(List.of("i", "f", "g", "o", "c", "h"), lstm.tracedNames());

        assertValue(GruEquations.DEFINITION, "r", Role.GATE, Activation.SIGMOID, 0, 1);
        assertValue(GruEquations.DEFINITION, "z", Role.GATE, Activation.SIGMOID, 0, 1);
        assertValue(GruEquations.DEFINITION, "n", Role.CANDIDATE, Activation.TANH, -1, 1);
        // (1 − z)·n + z·h_prev: interval arithmetic cannot see that it is a convex mix, and h_prev is whatever came.
        assertValue(GruEquations.DEFINITION, "h", Role.OUTPUT, Activation.NONE, -INF, INF);

        assertValue(ElmanEquations.TANH, "h", Role.OUTPUT, Activation.TANH, -1, 1);
        assertValue(ElmanEquations.RELU, "h", Role.OUTPUT, Activation.RELU, 0, INF);
    }

    @Test
    void everyGreffVariantSaysWhatItsEquationsDo() {
        // NIAF: g is linear and unbounded, so its charts may not clip it to [-1, 1].
        assertValue(LstmVariant.STANDARD.withoutInputActivation().definition(), "g", Role.CANDIDATE, Activation.NONE, -INF, INF);
        // NOAF: h = o ⊙ c, unbounded.
        assertValue(LstmVariant.STANDARD.withoutOutputActivation().definition(), "h", Role.OUTPUT, Activation.NONE, -INF, INF);
        // NOG: h = tanh(c).
        assertValue(LstmVariant.STANDARD.withoutOutputGate().definition(), "h", Role.OUTPUT, Activation.TANH, -1, 1);
        for (LstmVariant v : List.of(LstmVariant.STANDARD.peepholes(), LstmVariant.STANDARD.coupledGates(),
                LstmVariant.STANDARD.layerNorm(), LstmVariant.STANDARD.withoutForgetGate(), LstmVariant.STANDARD.withoutInputGate())) {
            CellDefinition d = v.definition();
            for (TracedValue t : d.tracedValues()) {
                if (t.role() == Role.GATE) {
                    assertEquals(Activation.SIGMOID, t.activation(), d + " " + t);
                    assertEquals(0, t.min(), 0, d + " " + t);
                    assertEquals(1, t.max(), 0, d + " " + t);
                }
            }
            assertTrue(d.tracedValues().stream().anyMatch(t -> t.role() == Role.GATE), d.toString());
        }
    }

    @Test
    void aUserCellsGatesAreKnownByTheirActivationNotTheirName() {
        CellDefinition cell = CellDefinition.builder("NamedFreely").blocks("forget", "cand")
                .step(in -> {
                    Expr forget = in.preActivation("forget").sigmoid(), keep = forget.oneMinus(), cand = in.preActivation("cand").relu();
                    Expr h = forget.mul(in.hidden()).add(keep.mul(cand));
                    return Step.of(h).gate("forget", forget).gate("keep", keep).gate("cand", cand).gate("neg", cand.neg());
                })
                .build();
        assertValue(cell, "forget", Role.GATE, Activation.SIGMOID, 0, 1);
        assertValue(cell, "keep", Role.GATE, Activation.SIGMOID, 0, 1); // 1 − σ(x) = σ(−x)
        assertValue(cell, "cand", Role.CANDIDATE, Activation.RELU, 0, INF);
        assertValue(cell, "neg", Role.CANDIDATE, Activation.NONE, -INF, 0); // −relu is no activation, and ≤ 0
        assertTrue(cell.traced("forget").saturates());
        assertFalse(cell.traced("cand").saturates());
        assertEquals("forget (gate, sigmoid, [0, 1])", cell.traced("forget").describe());
        assertEquals("cand (candidate, relu, [0, ∞))", cell.traced("cand").describe());
        assertRefuses(ArgumentException.class, () -> cell.traced("f"), "no traced value 'f'", "forget");
    }
}
