package dev.gatelab.nn;


import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each wrong argument gets an IllegalArgumentException naming the layer, the argument, and expected and actual shapes. */
class BadInputTest {
    private final LSTM lstm = LSTM.builder(3, 4).numLayers(2).batchFirst().build();
    private final GRU gru = GRU.builder(3, 4).build();

    private static void assertMessage(Executable call, String... parts) {
        dev.gatelab.Refusals.assertRefuses(IllegalArgumentException.class, call, parts);
    }

    @Test
    void wrongInputRank() {
        assertMessage(() -> lstm.forward(Tensor.zeros(5, 3)), "LSTM(3, 4, num_layers=2, batch_first=True)",
                "'input'", "3-D", "[batch, time, input_size=3]", "[5, 3]");
    }

    /** A last-step model reads its input's shape itself: it checks the input first, as the every-step model does. */
    @Test
    void aLastStepModelChecksItsInputBeforeReadingIt() {
        for (Recurrent layer : java.util.List.<Recurrent>of(lstm, LSTM.builder(3, 4).bidirectional().batchFirst().build())) {
            SequenceModel last = SequenceModel.lastStep(layer, 2);
            assertMessage(() -> last.predict((Tensor) null), "'input' is null");
            assertMessage(() -> last.step(null, null), "'input' is null");
            assertMessage(() -> last.predict(Tensor.zeros(5)), "'input'", "3-D", "[5]");
            assertMessage(() -> last.predict(Tensor.zeros(5, 3)), "'input'", "3-D", "[5, 3]");
        }
    }

    @Test
    void wrongFeatureSize() {
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 7)), "GRU(3, 4)", "'input'", "input_size=3", "[5, 2, 7]");
    }

    @Test
    void wrongHiddenStateShape() {
        assertMessage(() -> lstm.forward(Tensor.zeros(2, 5, 3), Tensor.zeros(2, 2, 5), Tensor.zeros(2, 2, 4)),
                "LSTM(3, 4", "'h0'", "[2, 2, 4]", "[2, 2, 5]");
        assertMessage(() -> lstm.forward(Tensor.zeros(2, 5, 3), Tensor.zeros(2, 2, 4), Tensor.zeros(1, 2, 4)),
                "'c0'", "[2, 2, 4]", "[1, 2, 4]");
    }

    @Test
    void batchMismatchBetweenInputAndState() {
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 3, 4)), "GRU(3, 4)", "'h0'",
                "expected shape [1, 2, 4]", "got [1, 3, 4]");
    }

    @Test
    void lengthsLongerThanTheSequenceOrBelowOne() {
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 3), new int[] {5, 6}), "GRU(3, 4)", "'lengths'", "6",
                "[1, 5]");
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 3), new int[] {0, 2}), "'lengths'", "0", "[1, 5]");
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 3), new int[] {3}), "'lengths'", "1 entries", "2 samples");
    }

    @Test
    void emptyBatchAndWrongType() {
        assertMessage(() -> gru.forward(Tensor.zeros(5, 0, 3)), "GRU(3, 4)", "'input'", "empty", "[5, 0, 3]");
        assertMessage(() -> gru.forward(Tensor.zeros(DType.FLOAT64, 5, 2, 3)), "'input'", "FLOAT64", "FLOAT32");
    }

    @Test
    void nonFiniteInputsAndStates() {
        Tensor x = Tensor.zeros(5, 2, 3);
        x.set(2 * 6 + 1 * 3 + 2, Double.NaN);
        assertMessage(() -> gru.forward(x), "GRU(3, 4)", "'input'", "NaN", "index [2, 1, 2]", "finite");
        Tensor h0 = Tensor.zeros(1, 2, 4);
        h0.set(5, Double.POSITIVE_INFINITY);
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 3), h0), "'h0'", "Infinity", "index [0, 1, 1]");
    }

    @Test
    void cellStateForALayerWithoutOne() {
        assertMessage(() -> gru.forward(Tensor.zeros(5, 2, 3), RecurrentState.of(Tensor.zeros(1, 2, 4),
                Tensor.zeros(1, 2, 4)), null), "'c0'", "only for cells with a state");
    }

    @Test
    void badOptions() {
        assertMessage(() -> LSTM.builder(0, 4).build(), "input_size", "0");
        assertMessage(() -> LSTM.builder(3, 4).projSize(4).build(), "proj_size", "smaller than hidden_size");
        assertMessage(() -> RNN.builder(3, 4).dropout(1.5).build(), "dropout", "1.5");
        assertMessage(() -> Nonlinearity.fromTorchName("sigmoid"), "nonlinearity", "sigmoid");
    }

    @Test
    void cellsAndLinearNameTheirArguments() {
        assertMessage(() -> new LSTMCell(3, 4).forward(Tensor.zeros(2, 5), null), "LSTMCell(3, 4)", "'input'",
                "[batch, 3]", "[2, 5]");
        assertMessage(() -> new GRUCell(3, 4).forward(Tensor.zeros(2, 3), Tensor.zeros(3, 4)), "GRUCell(3, 4)", "'h'",
                "[2, 4]", "[3, 4]");
        assertMessage(() -> new Linear(3, 2).forward(Tensor.zeros(4, 5)), "Linear(in_features=3", "[4, 5]");
    }

    @Test
    void lossesNameTheirArguments() {
        assertMessage(() -> new MSELoss().forward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "MSELoss", "'target'",
                "[2, 3]", "[3, 2]");
        assertMessage(() -> new CrossEntropyLoss().forward(Tensor.zeros(2, 3), new int[] {0, 3}), "CrossEntropyLoss",
                "label 3", "[0, 3)");
        assertMessage(() -> new CrossEntropyLoss().forward(Tensor.zeros(2, 3), new int[] {0}), "CrossEntropyLoss",
                "1 labels", "batch of 2");
    }
}
