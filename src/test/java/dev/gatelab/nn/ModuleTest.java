package dev.gatelab.nn;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module tree: names, counts, modes, loading, and seeded repeatability. */
class ModuleTest {
    @Test
    void parameterNamesAndShapesArePyTorchs() {
        LSTM lstm = LSTM.builder(10, 20).numLayers(2).bidirectional().projSize(5).build();
        Map<String, Tensor> p = lstm.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_hr_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
                "weight_hr_l1_reverse"), List.copyOf(p.keySet()));
        assertArrayEquals(new int[] {80, 10}, p.get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {80, 5}, p.get("weight_hh_l0").shape());
        assertArrayEquals(new int[] {80, 10}, p.get("weight_ih_l1").shape());
        assertArrayEquals(new int[] {5, 20}, p.get("weight_hr_l1_reverse").shape());
        // torch.nn.LSTM(10, 20, 2, bidirectional=True, proj_size=5) has 5,840 parameters (counted with torch 1.13).
        assertEquals(5_840, lstm.parameterCount());
    }

    @Test
    void initialisationIsUniformWithinOneOverRootHidden() {
        GRU gru = GRU.builder(8, 16).build();
        double bound = 1 / Math.sqrt(16);
        double max = 0;
        for (Tensor t : gru.parameters()) for (double v : t.toArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.9 * bound, "max |w| = " + max);
    }

    @Test
    void sameSeedSameWeightsAndDropout() {
        Rng.manualSeed(11);
        Sequential a = new Sequential(new Linear(4, 8), new Dropout(0.5), new Linear(8, 2));
        Rng.manualSeed(11);
        Sequential b = new Sequential(new Linear(4, 8), new Dropout(0.5), new Linear(8, 2));
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT32, 3, 4);
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
        Rng.manualSeed(12);
        Sequential c = new Sequential(new Linear(4, 8), new Dropout(0.5), new Linear(8, 2));
        assertNotEquals(a.parameters().get(0).get(0), c.parameters().get(0).get(0));
    }

    @Test
    void evalTurnsDropoutOffAllTheWayDown() {
        Sequential model = new Sequential(new Linear(4, 4), new Dropout(0.9));
        model.eval();
        assertFalse(model.children().get("1").isTraining());
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, 5, 4);
        assertArrayEquals(model.forward(x).toArray(), model.forward(x).toArray());
        LSTM lstm = LSTM.builder(2, 3).numLayers(2).dropout(0.5).build();
        Tensor seq = Tensor.randn(new Rng(3), DType.FLOAT32, 4, 2, 2);
        assertNotEquals(lstm.forward(seq).output().get(0), lstm.forward(seq).output().get(0));
        lstm.eval();
        assertEquals(lstm.forward(seq).output().get(0), lstm.forward(seq).output().get(0));
    }

    @Test
    void summaryListsEveryParameterAndTheTotal() {
        Sequential model = new Sequential(new Linear(3, 4), new Linear(4, 1, false, DType.FLOAT32, new Rng(1)));
        String s = model.summary();
        assertTrue(s.contains("0.weight") && s.contains("0.bias") && s.contains("1.weight"), s);
        assertFalse(s.contains("1.bias"), s);
        assertTrue(s.contains("total") && s.contains(String.valueOf(3 * 4 + 4 + 4)), s);
    }

    @Test
    void loadStateDictRejectsMissingExtraAndMisshapenParameters() {
        Linear lin = new Linear(3, 2);
        Map<String, Tensor> good = Map.of("weight", Tensor.zeros(2, 3), "bias", Tensor.zeros(2));
        lin.loadStateDict(good);
        assertEquals(0, lin.weight().get(0));
        assertRefuses(IllegalArgumentException.class, () -> lin.loadStateDict(Map.of("weight", Tensor.zeros(2, 3))),
                "'bias'");
        assertRefuses(IllegalArgumentException.class,
                () -> lin.loadStateDict(Map.of("weight", Tensor.zeros(3, 2), "bias", Tensor.zeros(2))), "expected shape [2, 3], got [3, 2]");
        assertRefuses(IllegalArgumentException.class, () -> lin.loadStateDict(Map.of("weight",
                Tensor.zeros(2, 3), "bias", Tensor.zeros(2), "scale", Tensor.zeros(1))), "'scale'");
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding emb = new Embedding(5, 3);
        Tensor out = emb.forward(new int[] {4, 1, 4, 0, 2, 2}, 2, 3);
        assertArrayEquals(new int[] {2, 3, 3}, out.shape());
        assertEquals(emb.weight().at(4, 2), out.at(0, 2, 2));
        out.sum().backward();
        assertEquals(2, emb.weight().grad().at(4, 0));
        assertEquals(0, emb.weight().grad().at(3, 0));
    }
}
