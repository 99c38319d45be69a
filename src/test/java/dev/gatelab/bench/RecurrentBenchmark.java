package dev.gatelab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.kernel.Sgemm;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.RNN;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.nn.Losses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The speed benchmark: each workload in Gatelab and, in the same run and with the same thread count, in PyTorch
 * (src/test/python/bench_torch.py with Debian's python3-torch), the two taking turns a few steps at a time so that a
 * slow spell of the machine falls on both. It prints ms per step (median and min–max after warm-up), GFLOP/s of the matrix products, the ratio Gatelab/PyTorch, the fraction of the ideal (matmul FLOPs at
 * the FP32 peak of a core, measured at the start of the run by {@link MachinePeak} and printed with the CPU's model) and
 * the heap allocated per step.
 *
 * <p>Run: {@code MAVEN_OPTS="--add-modules jdk.incubator.vector" mvn -q test-compile exec:java
 * -Dexec.mainClass=dev.gatelab.bench.RecurrentBenchmark} (optional arguments: steps, then workload names, or
 * "products" for the table of W2's matrix products alone).
 */
public final class RecurrentBenchmark {
    /** This machine's FP32 peak of one core, measured once at start-up: machines differ by 2× and more. */
    static final double PEAK_GFLOPS = MachinePeak.gflopsPerCore();

    record Workload(String name, String cell, int layers, int batch, int steps, int input, int hidden, boolean train) {
        /** FLOPs of the matrix products of one step: forward, and twice that again for backward when training. */
        double flops() {
            int gates = cell.equals("LSTM") ? 4 : cell.equals("GRU") ? 3 : 1;
            double forward = 0;
            for (int l = 0; l < layers; l++) forward += 2.0 * steps * batch * gates * hidden * ((l == 0 ? input : hidden) + hidden);
            return train ? 3 * forward : forward;
        }
    }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("W1-LSTM", "LSTM", 1, 32, 50, 32, 128, true),
            new Workload("W1-GRU", "GRU", 1, 32, 50, 32, 128, true),
            new Workload("W1-RNN", "RNN", 1, 32, 50, 32, 128, true),
            new Workload("W1-LSTM-inference", "LSTM", 1, 32, 50, 32, 128, false),
            new Workload("W2-LSTM", "LSTM", 2, 64, 100, 64, 256, true));

    private RecurrentBenchmark() {}

    /** Each side's timed steps are taken in this many turns, alternating with the other side's. */
    static final int ROUNDS = 4;

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : null;
        System.out.printf("JDK %s (%s), matmul kernel %s, %d cores%n", Runtime.version(), System.getProperty("java.vm.name"),
                Sgemm.kernelName(), Runtime.getRuntime().availableProcessors());
        System.out.printf("CPU %s; measured FP32 peak %.1f GFLOP/s a core (MachinePeak): the ideal below is FLOPs at it%n",
                MachinePeak.cpuModel(), PEAK_GFLOPS);
        System.out.printf("%d timed steps a side, in %d turns that alternate Gatelab and PyTorch%n", steps, ROUNDS);
        System.out.printf("%-18s %3s %22s %9s %22s %8s %8s %8s %10s%n", "workload", "thr", "Gatelab ms (min-max)",
                "GFLOP/s", "PyTorch ms (min-max)", "ratio", "ideal ms", "of ideal", "heap/step");
        // One pass over every workload first: the JIT compiles the kernels for all shapes before anything is timed.
        for (Workload w : WORKLOADS) if (only == null || only.contains(w.name)) new GatelabRun(w).time(3);
        try (Torch torch = Torch.start()) {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (Workload w : WORKLOADS) {
                    if (only == null || only.contains(w.name)) report(w, threads, steps, torch);
                }
            }
            if (only == null || only.contains("W2-LSTM") || only.contains("products")) products();
        } finally {
            Parallel.setThreads(1);
        }
    }

    /**
     * One of W2's matrix products: C[m×n] = op(A)·B. The per-step ones have B (W_hh) packed once per sequence, as the
     * layer has, and A not transposed.
     */
    record Product(String what, int m, int n, int k, boolean transA, boolean prepacked) {}

    static final List<Product> W2_PRODUCTS = List.of(
            new Product("step forward h.W_hh^T", 64, 1024, 256, false, true),
            new Product("step backward dz.W_hh", 64, 256, 1024, false, true),
            new Product("input X.W_ih^T, layer 2", 6400, 1024, 256, false, false),
            new Product("dW_hh = dz^T.h", 1024, 256, 6400, true, false),
            new Product("dX = dz.W_ih, layer 2", 6400, 256, 1024, false, false),
            new Product("dW_ih = dz^T.x, layer 1", 1024, 64, 6400, true, false));

    /** The matrix products of W2 on their own, against the FP32 peak of the cores used. */
    static void products() {
        System.out.printf("%nW2's matrix products alone (best of 5 runs of about 0.2 s; peak %.0f GFLOP/s a core)%n",
                PEAK_GFLOPS);
        System.out.printf("%-26s %22s %3s %9s %8s%n", "product", "m x n x k", "thr", "GFLOP/s", "of peak");
        Rng rng = new Rng(3);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (Product p : W2_PRODUCTS) {
                float[] a = floats(rng, p.m * p.k), b = floats(rng, p.k * p.n), c = new float[p.m * p.n];
                int lda = p.transA ? p.m : p.k;
                Sgemm.PackedB packed = Sgemm.pack(false, p.n, p.k, b, 0, p.n);
                Runnable product;
                if (p.prepacked) {
                    // A per-step product, run as a layer runs it: on more threads, each thread's block of the batch
                    // multiplies its own rows, side by side, on the one packed W_hh.
                    Parallel.Range rows = (from, to) -> Sgemm.multiply(false, to - from, a, from * p.k, p.k, packed, c,
                            from * p.n, p.n, false);
                    product = () -> Parallel.forRange(p.m, p.m / threads, rows);
                } else {
                    product = () -> Sgemm.multiply(p.transA, false, p.m, p.n, p.k, a, 0, lda, b, 0, p.n, c, 0, p.n, false);
                }
                double flops = 2.0 * p.m * p.n * p.k;
                int reps = (int) Math.max(3, 0.2 * PEAK_GFLOPS * 1e9 * threads * 0.5 / flops);
                double best = 0;
                for (int run = 0; run < 6; run++) { // the first run warms up
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) product.run();
                    double gflops = flops * reps / (System.nanoTime() - t0);
                    if (run > 0) best = Math.max(best, gflops);
                }
                System.out.printf("%-26s %22s %3d %9.1f %7.0f%%%n", p.what, p.m + " x " + p.n + " x " + p.k, threads, best,
                        100 * best / (PEAK_GFLOPS * threads));
            }
        }
    }

    private static float[] floats(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.normal();
        return x;
    }

    private static void report(Workload w, int threads, int steps, Torch torch) throws Exception {
        GatelabRun gatelab = new GatelabRun(w);
        List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>();
        long allocated = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Each turn starts with one untimed step: the other side has just had the caches and the cores.
            int n = steps / ROUNDS + (round < steps % ROUNDS ? 1 : 0);
            if (torch != null) theirs.addAll(torch.time(w.name, threads, n + 1).subList(1, n + 1));
            gatelab.time(1);
            long before = allocatedBytes();
            ours.addAll(gatelab.time(n));
            allocated += allocatedBytes() - before;
        }
        double[] r = stats(ours), t = theirs.isEmpty() ? null : stats(theirs);
        double ideal = w.flops() / (PEAK_GFLOPS * 1e9 * threads) * 1e3;
        System.out.printf("%-18s %3d %8.2f (%5.2f-%6.2f) %9.1f %22s %8s %8.2f %7.0f%% %8.2f MB%n", w.name, threads, r[0],
                r[1], r[2], w.flops() / r[0] / 1e6,
                t == null ? "n/a" : String.format("%8.2f (%5.2f-%6.2f)", t[0], t[1], t[2]),
                t == null ? "n/a" : String.format("%.2f", r[0] / t[0]), ideal, 100 * ideal / r[0],
                (double) allocated / ours.size() / 1e6);
    }

    /** {median, min, max}. */
    static double[] stats(List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new double[] {median, sorted[0], sorted[n - 1]};
    }

    /** One workload in Gatelab: the model, its optimizer and data, warmed up. */
    static final class GatelabRun {
        private final Runnable step;

        GatelabRun(Workload w) {
            Rng.manualSeed(0);
            Recurrent rnn = switch (w.cell) {
                case "LSTM" -> LSTM.builder(w.input, w.hidden).numLayers(w.layers).batchFirst().build();
                case "GRU" -> GRU.builder(w.input, w.hidden).numLayers(w.layers).batchFirst().build();
                default -> RNN.builder(w.input, w.hidden).numLayers(w.layers).batchFirst().build();
            };
            SequenceModel model = SequenceModel.lastStep(rnn, 1);
            Adam adam = new Adam(model.parameters(), 1e-3);
            Tensor x = Tensor.randn(new Rng(1), DType.FLOAT32, w.batch, w.steps, w.input);
            Tensor y = Tensor.randn(new Rng(2), DType.FLOAT32, w.batch, 1);
            step = () -> {
                if (w.train) {
                    model.zeroGrad();
                    Losses.mse().forward(model.forward(x), y).backward();
                    adam.step();
                } else {
                    try (Grad.Scope off = Grad.off()) {
                        model.forward(x);
                    }
                }
            };
            for (int i = 0; i < 30; i++) step.run(); // warm-up: the JIT compiles the kernels in the background
        }

        List<Double> time(int steps) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                step.run();
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            return ms;
        }
    }

    /** Heap allocated so far by every live thread (the kernels' pool threads included). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(mx.getThreadAllocatedBytes(mx.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    /**
     * PyTorch in a process of its own (src/test/python/bench_torch.py --serve with Debian's python3-torch), asked for a
     * few timed steps at a time; null from {@link #start} when torch is not installed.
     */
    static final class Torch implements AutoCloseable {
        private final Process process;
        private final BufferedReader replies;
        private final Writer requests;
        private final ObjectMapper json = new ObjectMapper();

        private Torch(Process process) {
            this.process = process;
            this.replies = new BufferedReader(new InputStreamReader(process.getInputStream()));
            this.requests = new OutputStreamWriter(process.getOutputStream());
        }

        static Torch start() throws Exception {
            Path script = Path.of("src/test/python/bench_torch.py");
            if (!Files.exists(Path.of("/usr/bin/python3")) || !Files.exists(script)) return null;
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--serve").redirectErrorStream(true).start();
            return new Torch(p);
        }

        /** Times of {@code steps} steps of the workload; the first request for it builds and warms it up. */
        List<Double> time(String workload, int threads, int steps) throws Exception {
            requests.write(workload + " " + threads + " " + steps + "\n");
            requests.flush();
            for (String line; (line = replies.readLine()) != null; ) {
                if (!line.startsWith("{")) {
                    System.out.println("  (PyTorch) " + line);
                    continue;
                }
                List<Double> times = new ArrayList<>();
                json.readTree(line).get("times_ms").forEach(v -> times.add(v.asDouble()));
                return times;
            }
            throw new IllegalStateException("bench_torch.py stopped without an answer for " + workload);
        }

        @Override
        public void close() throws Exception {
            requests.close();
            process.waitFor();
        }
    }
}
