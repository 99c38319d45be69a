package dev.gatelab.bench;

import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.CharVocabulary;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.io.ModelIO;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.Intervention;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long looking inside takes on notebook 07's checkpoint (an LSTM of 256 units over 65 characters): a plain
 * predict, the same predict with an intervention (10 units of c silenced at every step), a trace of every gate, and a
 * saliency pass (the gradient of the loss with respect to every input), each over the first 100,000 held-out
 * characters of Shakespeare as 1,000 chunks of 100. The four take turns, so a slow spell of the machine falls on all;
 * each line prints the median of the turns, their min–max, and the ratio to the plain predict's median. Every one
 * runs twice untimed first, so the JIT has compiled each path before the clock starts. The predict line also says
 * what fraction of the machine's measured peak ({@link MachinePeak}, on every thread) its matrix products alone
 * would take.
 *
 * <p>Run from the repository's root: {@code MAVEN_OPTS="--add-modules jdk.incubator.vector" mvn -q test-compile
 * exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.gatelab.bench.InspectionBenchmark -Dexec.args="TURNS THREADS"}
 * (defaults 9 turns, 2 threads).
 */
public final class InspectionBenchmark {
    private InspectionBenchmark() {}

    /**
     * @param args turns and threads
     * @throws Exception when the corpus or the checkpoint cannot be read
     */
    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Parallel.setThreads(args.length > 1 ? Integer.parseInt(args[1]) : 2);
        String corpus = Files.readString(Path.of("notebooks/data/tinyshakespeare.txt"));
        CharVocabulary vocab = CharVocabulary.of(corpus);
        String heldOut = corpus.substring(corpus.length() * 9 / 10).substring(0, 100_000);
        SequenceDataset data = vocab.sequences(heldOut + heldOut.charAt(0), 100, 100);
        Tensor x = data.inputs(), y = data.targets();
        SequenceModel model = ModelIO.load(Path.of("notebooks/checkpoints/shakespeare-lstm256.safetensors"), SequenceModel.class).model();
        SequenceModel silenced = model.with(Intervention.on("c").units(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).silence());
        String[] names = {"predict", "predict, 10 units of c silenced", "trace (i, f, g, o, c, h)", "saliency (∂loss/∂x)"};
        Runnable[] runs = {() -> model.predict(x), () -> silenced.predict(x), () -> {
            GateTrace t = model.trace(x);
            if (t.samples() != x.dim(0)) throw new IllegalStateException("the trace lost samples");
        }, () -> model.inputGradient(x, out -> Losses.crossEntropy().forward(out, y))};
        for (int warm = 0; warm < 2; warm++) for (Runnable r : runs) r.run();
        double[][] ms = new double[runs.length][turns];
        for (int k = 0; k < turns; k++) for (int i = 0; i < runs.length; i++) ms[i][k] = time(runs[i]);
        double peak = MachinePeak.gflopsPerCore() * Parallel.threads();
        int in = vocab.size(), hidden = 256;
        double flops = (double) x.dim(0) * x.dim(1) * (2.0 * 4 * hidden * (in + hidden) + 2.0 * hidden * in);
        System.out.printf(Locale.ROOT, "%s, measured peak %.1f GFLOP/s on %d threads%n", MachinePeak.cpuModel(), peak, Parallel.threads());
        System.out.printf(Locale.ROOT, "%s over %,d characters (%d × %d), %d threads, %d turns%n", model, x.dim(0) * x.dim(1),
                x.dim(0), x.dim(1), Parallel.threads(), turns);
        double plain = median(ms[0]);
        for (int i = 0; i < runs.length; i++) {
            double[] s = ms[i].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%-34s median %8.1f ms (%.1f–%.1f), %.2f× predict%n", names[i], median(ms[i]), s[0],
                    s[s.length - 1], median(ms[i]) / plain);
        }
        System.out.printf(Locale.ROOT, "predict's products: %.1f GFLOP, %.0f%% of the peak at its median%n", flops / 1e9,
                100 * flops / 1e9 / (plain / 1e3) / peak);
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
