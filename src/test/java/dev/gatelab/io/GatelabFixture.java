package dev.gatelab.io;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.Recurrent;
import java.nio.file.Path;

/**
 * The Gatelab side of the PyTorch round trip: a seeded GRU saved by Gatelab, which make_fixtures.py loads into
 * torch.nn.GRU. Run by that script (mvn -q test-compile exec:java -Dexec.mainClass=dev.gatelab.io.GatelabFixture).
 */
public final class GatelabFixture {
    static final String FILE = "gatelab_gru.safetensors";

    private GatelabFixture() {}

    static Recurrent model() {
        return GRU.builder(3, 4).numLayers(2).bidirectional().batchFirst().dtype(DType.FLOAT64).rng(new Rng(2024)).build();
    }

    static Tensor input() {
        return Tensor.randn(new Rng(2025), DType.FLOAT64, 2, 5, 3);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures").resolve(FILE);
        ModelIO.save(out, model());
        System.out.println("wrote " + out);
    }
}
