package dev.gatelab.nn;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind in the registry rebuilds from its own config, and a config names its bad field. */
class LayerKindTest {
    @Test
    void everyKindRoundTripsThroughItsConfig() {
        for (LayerKind kind : LayerKind.values()) {
            Map<String, Object> c = new LinkedHashMap<>(Map.of("kind", kind.name(), "input_size", 3, "hidden_size", 4,
                    "num_layers", 2, "bidirectional", true, "dtype", "FLOAT64"));
            if (kind == LayerKind.LSTM) c.put("proj_size", 2);
            if (kind == LayerKind.RNN) c.put("nonlinearity", "relu");
            if (kind == LayerKind.CellLayer) c.put("cell", CellLayerTest.minimalGatedUnit().name());
            Recurrent layer = Recurrent.fromConfig(c);
            assertEquals(kind.name(), layer.kind());
            Recurrent again = Recurrent.fromConfig(layer.config());
            assertEquals(layer.toString(), again.toString());
            assertEquals(layer.config(), again.config());
            again.loadStateDict(layer.namedParameters());
            Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 5, 2, 3);
            assertArrayEquals(layer.forward(x).output().toArray(), again.forward(x).output().toArray());
        }
        assertTrue(Recurrent.fromConfig(Map.of("kind", "RNN", "input_size", 3, "hidden_size", 4, "nonlinearity", "relu"))
                .toString().contains("nonlinearity='relu'"));
    }

    /** Each LSTM variant option goes into the config under its own name, and comes back as the same layer. */
    @Test
    void lstmVariantsRoundTripThroughTheConfig() {
        LSTM layer = LSTM.builder(3, 4).peepholes().coupledGates().withoutOutputActivation().forgetBias(1.0)
                .dtype(DType.FLOAT64).build();
        Map<String, Object> c = layer.config();
        assertEquals(true, c.get("peepholes"));
        assertEquals(true, c.get("coupled_gates"));
        assertEquals(false, c.get("output_activation"));
        assertEquals(1.0, c.get("forget_bias"));
        assertTrue(!c.containsKey("input_gate"), "only options that differ from PyTorch's LSTM: " + c);
        Recurrent again = Recurrent.fromConfig(c);
        assertEquals(layer.config(), again.config());
        assertEquals(layer.namedParameters().keySet(), again.namedParameters().keySet());
        Map<String, Object> conflicting = new LinkedHashMap<>(c);
        conflicting.put("forget_gate", false);
        assertRefuses(IllegalArgumentException.class, () -> Recurrent.fromConfig(conflicting), "coupledGates");
    }

    @Test
    void aBadConfigNamesItsField() {
        Map<String, Object> good = Map.of("kind", "GRU", "input_size", 3, "hidden_size", 4);
        String[][] cases = {{"input_size", "\"2\""}, {"hidden_size", "-4"}, {"bias", "\"yes\""}, {"kind", "\"TCN\""},
            {"dtype", "\"FLOAT16\""}, {"num_layers", "2000000000"}, {"dropout", "\"0.1\""}};
        for (String[] c : cases) {
            Map<String, Object> bad = new LinkedHashMap<>(good);
            Object value = c[1].startsWith("\"") ? c[1].substring(1, c[1].length() - 1) : (Object) Long.parseLong(c[1]);
            if (value instanceof Long l && l == (int) (long) l) value = (int) (long) l;
            bad.put(c[0], value);
            assertRefuses(IllegalArgumentException.class, () -> Recurrent.fromConfig(bad), c[0]);
        }
        String unknownCell = assertThrows(IllegalArgumentException.class, () -> Recurrent.fromConfig(Map.of("kind",
                "CellLayer", "input_size", 3, "hidden_size", 4, "cell", "NoSuchCell"))).getMessage();
        assertTrue(unknownCell.contains("'NoSuchCell'") && unknownCell.contains("CellDefinition.builder"), unknownCell);
        Map<String, Object> missing = new LinkedHashMap<>(good);
        missing.remove("hidden_size");
        assertRefuses(IllegalArgumentException.class, () -> Recurrent.fromConfig(missing),
                "'hidden_size' must be an integer in [1, 16777216], got nothing (the field is missing)");
    }

    /** A misspelt option, or one only another kind has, would otherwise load a different model without a word. */
    @Test
    void aFieldNoOneReadsIsRefusedByName() {
        Map<String, Object> niaf = new LinkedHashMap<>(LSTM.builder(3, 4).withoutInputActivation().build().config());
        assertEquals(Boolean.FALSE, niaf.get("input_activation"), "the field this test misspells: " + niaf);
        niaf.put("input_activaton", niaf.remove("input_activation"));
        String misspelt = assertThrows(IllegalArgumentException.class, () -> Recurrent.fromConfig(niaf)).getMessage();
        assertTrue(misspelt.contains("field 'input_activaton' is not one this model has"), misspelt);
        Map<String, Object> model = new LinkedHashMap<>(SequenceModel.lastStep(GRU.builder(3, 4).batchFirst().build(), 1).config());
        @SuppressWarnings("unchecked")
        Map<String, Object> rnn = new LinkedHashMap<>((Map<String, Object>) model.get("rnn"));
        rnn.put("zoneout", 0.1);
        model.put("rnn", rnn);
        assertRefuses(IllegalArgumentException.class, () -> SequenceModel.fromConfig(model),
                "config.rnn: field 'zoneout' is not one this model has");
        rnn.remove("zoneout");
        SequenceModel.fromConfig(model);
    }

    /**
     * proj_size is a property of the cell: refused for the GRU, whose step reads h itself, however it is asked for;
     * a layer of the LSTM's cell projects exactly as the LSTM does, and its config says so.
     */
    @Test
    void projSizeIsAPropertyOfTheCellNotOfTheKind() {
        Map<String, Object> gru = new LinkedHashMap<>(Map.of("kind", "GRU", "input_size", 3, "hidden_size", 4, "proj_size", 2));
        assertRefuses(IllegalArgumentException.class, () -> Recurrent.fromConfig(gru),
                "proj_size 2 is not possible with cell GRU, whose step reads h_{t-1} itself");
        assertEquals(null, GRU.builder(3, 4).build().config().get("proj_size"), "a cell that cannot be projected says nothing");

        LSTM lstm = LSTM.builder(3, 4).projSize(2).dtype(DType.FLOAT64).rng(new Rng(1)).build();
        CellLayer cells = CellLayer.builder(dev.gatelab.cell.LstmVariant.STANDARD.definition(), 3, 4).projSize(2)
                .dtype(DType.FLOAT64).rng(new Rng(9)).build();
        cells.loadStateDict(lstm.namedParameters());
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT64, 5, 2, 3);
        assertArrayEquals(lstm.forward(x).output().toArray(), cells.forward(x).output().toArray());
        assertEquals(2, cells.config().get("proj_size"));
        assertEquals(2, lstm.config().get("proj_size"));
        assertRefuses(IllegalArgumentException.class, () -> CellLayer.builder(dev.gatelab.cell.GruEquations.DEFINITION, 3, 4)
                .projSize(2).build(), "proj_size 2 is not possible with cell GRU");
        assertRefuses(IllegalArgumentException.class, () -> LSTM.builder(3, 4).projSize(4).build(),
                "proj_size must be smaller than hidden_size, got 4");
    }
}
