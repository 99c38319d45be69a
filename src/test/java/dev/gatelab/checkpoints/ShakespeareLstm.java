package dev.gatelab.checkpoints;

import dev.gatelab.autograd.Rng;
import dev.gatelab.data.CharVocabulary;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.io.ModelIO;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.optim.CosineAnnealingLR;
import dev.gatelab.train.History;
import dev.gatelab.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes the committed checkpoint of notebook 07: notebook 04's model (one-hot characters, an LSTM of 256 units, a
 * linear head at every step) and recipe (64 streams of 100-character chunks with the state carried, Adam at 0.005,
 * gradients clipped at 5), trained for longer, with the learning rate annealed to 0 on a cosine. Run from the
 * repository's root:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.gatelab.checkpoints.ShakespeareLstm -Dexec.args="EPOCHS THREADS"
 * </pre>
 *
 * It writes notebooks/checkpoints/shakespeare-lstm256.safetensors (with its config and history) and prints the
 * held-out loss on streams, the number notebook 07 checks the loaded checkpoint against. Three more arguments make a
 * larger model, stacked layers with dropout between them, into its own file:
 * {@code -Dexec.args="EPOCHS THREADS HIDDEN LAYERS DROPOUT RATE"} writes shakespeare-lstm{HIDDEN}x{LAYERS}.safetensors.
 */
public final class ShakespeareLstm {
    private ShakespeareLstm() {}

    /**
     * @param args the epochs (default 20), the threads (default 2), the units per layer (256), the layers (1) and
     *     the dropout between layers (0) and Adam's learning rate (0.005)
     * @throws Exception when the corpus cannot be read or the checkpoint written
     */
    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Parallel.setThreads(args.length > 1 ? Integer.parseInt(args[1]) : 2);
        String corpus = Files.readString(Path.of("notebooks/data/tinyshakespeare.txt"));
        CharVocabulary vocab = CharVocabulary.of(corpus);
        int split = corpus.length() * 9 / 10;
        SequenceDataset train = vocab.streams(corpus.substring(0, split), 64, 100);
        SequenceDataset heldOut = vocab.streams(corpus.substring(split), 16, 100);

        Rng.manualSeed(1);
        int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 256, layers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        double dropout = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(vocab.size(), hidden).numLayers(layers).dropout(dropout)
                .batchFirst().build(), vocab.size());
        Adam adam = new Adam(model.parameters(), args.length > 5 ? Double.parseDouble(args[5]) : 0.005);
        long start = System.nanoTime();
        History history = Trainer.of(model).loss(Losses.crossEntropy()).optimizer(adam).clipGradNorm(5.0)
                .epochs(epochs).batchSize(64).carryState().scheduler(new CosineAnnealingLR(adam, epochs, 0))
                .validation(vocab.sequences(corpus.substring(split), 100, 100)).name("char LSTM").quiet().fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path out = Path.of("notebooks/checkpoints/shakespeare-lstm" + hidden + (layers > 1 ? "x" + layers : "") + ".safetensors");
        Files.createDirectories(out.getParent());
        ModelIO.save(out, model, null, history);
        System.out.println(history);
        System.out.printf(Locale.ROOT, "trained %d epochs in %.0f s on %d threads%n", epochs, seconds, Parallel.threads());
        System.out.printf(Locale.ROOT, "held-out loss on streams: %.4f nats per character%n",
                model.evaluateStreams(heldOut, 16, Losses.crossEntropy()));
    }
}
