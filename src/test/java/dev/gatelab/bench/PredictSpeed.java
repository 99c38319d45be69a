package dev.gatelab.bench;

import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.CharVocabulary;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.SequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The plain predict path alone, on notebook 07's shape (an LSTM of 256 units, 65 characters, 1,000 chunks of 100),
 * with only the API every version since the fused layers has: so the same file runs on an older commit, to show that
 * interventions cost the plain path nothing. Prints the median and min–max ms of the given turns.
 *
 * <p>Run: {@code MAVEN_OPTS="--add-modules jdk.incubator.vector" mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.gatelab.bench.PredictSpeed -Dexec.args="TURNS THREADS"}.
 */
public final class PredictSpeed {
    private PredictSpeed() {}

    /**
     * @param args turns (default 9) and threads (default 2)
     * @throws Exception when the corpus cannot be read
     */
    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Parallel.setThreads(args.length > 1 ? Integer.parseInt(args[1]) : 2);
        String corpus = Files.readString(Path.of("notebooks/data/tinyshakespeare.txt"));
        CharVocabulary vocab = CharVocabulary.of(corpus);
        String heldOut = corpus.substring(corpus.length() * 9 / 10).substring(0, 100_000);
        Tensor x = vocab.sequences(heldOut + heldOut.charAt(0), 100, 100).inputs();
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(vocab.size(), 256).batchFirst().rng(new Rng(1)).build(), vocab.size());
        for (int warm = 0; warm < 3; warm++) model.predict(x);
        double[] ms = new double[turns];
        for (int k = 0; k < turns; k++) {
            long t0 = System.nanoTime();
            model.predict(x);
            ms[k] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "plain predict over 100,000 characters: median %.1f ms (%.1f–%.1f), %d threads%n",
                ms[turns / 2], ms[0], ms[turns - 1], Parallel.threads());
    }
}
