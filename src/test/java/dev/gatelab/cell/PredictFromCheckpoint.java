package dev.gatelab.cell;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.io.ModelIO;
import dev.gatelab.nn.SequenceModel;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link CheckpointCarriesCellTest}: loads a checkpoint whose cell this JVM has never built and
 * prints its predictions for a seeded input, each number's bits in hex, one per line. It defines no cell.
 */
public final class PredictFromCheckpoint {
    private PredictFromCheckpoint() {}

    /**
     * @param args the checkpoint, then the name of the cell that must not be defined before loading
     * @throws Exception when it does not load
     */
    public static void main(String[] args) throws Exception {
        if (CellDefinition.isDefined(args[1])) throw new AssertionError(args[1] + " is defined before loading");
        SequenceModel model = ModelIO.load(Path.of(args[0]), SequenceModel.class).model();
        for (double v : model.predict(CheckpointCarriesCellTest.input()).toArray()) System.out.println(Long.toHexString(Double.doubleToRawLongBits(v)));
    }
}
