package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.engine.CellStep;
import dev.gatelab.engine.CompiledCell;
import dev.gatelab.cell.LstmVariant;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.kernel.BlockedGemm;
import dev.gatelab.kernel.PackedB;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.RNN;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.train.Trainer;
import dev.gatelab.nn.Losses;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The speed benchmark: each workload ({@link Workload}) in Gatelab and, in the same run and with the same thread count,
 * in each peer that runs: Debian's torch 1.13 (src/test/python/bench_torch.py), and with the Maven profile
 * {@code peers} libtorch 2.7.1 through DJL and ONNX Runtime (src/peers). Gatelab and each peer take turns a few steps
 * at a time so that a slow spell of the machine falls on all. It prints ms per step (median, and min–max after
 * warm-up), each peer's median, Gatelab's time as a fraction of the fastest peer's, the fraction of the ideal (matmul
 * FLOPs at the FP32 peak of a core, measured at the start of the run by {@link MachinePeak} and printed with the CPU's
 * model) and the heap allocated per step; then the goals of issue 28 against what this run measured.
 *
 * <p>Run: {@code MAVEN_OPTS="--add-modules jdk.incubator.vector" mvn -Ppeers -q test-compile exec:java
 * -Dexec.mainClass=dev.gatelab.bench.RecurrentBenchmark -Dai.djl.offline=true} (without -Ppeers, torch 1.13 only;
 * optional arguments: steps, then workload names, or "products" for the table of the matrix products alone).
 */
public final class RecurrentBenchmark {
    /** This machine's FP32 peak of one core, measured once at start-up: machines differ by 2× and more. */
    static final double PEAK_GFLOPS = MachinePeak.gflopsPerCore();

    /** The peers in src/peers, present with the Maven profile {@code peers}: class name and what it is. */
    private static final List<String[]> PROFILE_PEERS = List.of(
            new String[] {"dev.gatelab.bench.DjlPeer", "libtorch 2.7.1 (DJL)"},
            new String[] {"dev.gatelab.bench.OnnxRuntimePeer", "onnxruntime 1.20"});

    private RecurrentBenchmark() {}

    /** Each side's timed steps are taken in this many turns, alternating with the others'. */
    static final int ROUNDS = 4;

    /** The thread counts every workload runs on, a turn of each in every round. */
    static final int[] THREADS = {1, 2};

    /** How long, at least, each turn runs untimed before its timed steps. */
    static final double SETTLE_MS = 150;

    /** What one workload measured on one thread count. */
    record Result(Workload workload, int threads, double[] ms, double heapMB, Map<String, Double> peerMs) {
        double fastestPeer() {
            return peerMs.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        /** ms per step if every FLOP of the matrix products ran at the measured peak and nothing else took time. */
        double idealMs() {
            return workload.flops() / (PEAK_GFLOPS * 1e9 * threads) * 1e3;
        }

        double ofIdeal() {
            return idealMs() / ms[0];
        }
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : null;
        List<Workload> workloads = Workload.ALL.stream().filter(w -> only == null || only.contains(w.name())).toList();
        System.out.printf("JDK %s (%s), matmul kernel %s, %d cores%n", Runtime.version(), System.getProperty("java.vm.name"),
                BlockedGemm.FLOAT.kernelName(), Runtime.getRuntime().availableProcessors());
        System.out.printf("CPU %s; measured FP32 peak %.1f GFLOP/s a core (MachinePeak): the ideal below is FLOPs at it%n",
                MachinePeak.cpuModel(), PEAK_GFLOPS);
        System.out.printf("%d timed steps a side, in %d turns that alternate Gatelab and each peer, on 1 and 2 threads%n",
                steps, ROUNDS);
        List<Peer> peers = startPeers();
        // One pass over every workload first: the JIT compiles the kernels for all shapes before anything is timed.
        for (Workload w : workloads) new GatelabRun(w).time(3);
        System.out.printf("%n%-18s %3s %22s %8s %9s", "workload", "thr", "Gatelab ms (min-max)", "of ideal", "heap/step");
        for (Peer p : peers) System.out.printf(" %22s", p.name() + " ms");
        System.out.printf(" %10s%n", "÷ fastest");
        List<Result> results = new ArrayList<>();
        try {
            for (Workload w : workloads) results.addAll(report(w, steps, peers));
            for (Workload w : workloads) {
                if (!w.charModel()) continue;
                for (int threads : THREADS) CharModelProfile.print(w, threads);
            }
            List<ProductRate> rates = only == null || only.contains("products") ? products() : List.of();
            goals(results, rates);
        } finally {
            Parallel.setThreads(1);
            for (Peer p : peers) p.close();
        }
    }

    /** The peers that start on this machine; for each that does not, a line that says why. */
    private static List<Peer> startPeers() {
        List<Peer> peers = new ArrayList<>();
        Object torch = TorchProcess.start();
        if (torch instanceof Peer p) peers.add(p);
        else System.out.println("peer torch 1.13 not run: " + torch);
        for (String[] peer : PROFILE_PEERS) {
            try {
                peers.add((Peer) Class.forName(peer[0]).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                System.out.printf("peer %s not run: not on the class path (add -Ppeers to the command)%n", peer[1]);
            } catch (Throwable e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
                System.out.printf("peer %s not run: %s%n", peer[1], cause);
            }
        }
        for (Peer p : peers) {
            for (Workload w : Workload.ALL) if (p.refuses(w) != null) System.out.printf("peer %s skips %s: %s%n", p.name(), w.name(), p.refuses(w));
        }
        return peers;
    }

    /**
     * The goals, each against what this run measured. Where a time is above 0.8× the fastest peer's, it also
     * says what 0.8× would take: the fraction of the peak at which the workload's matrix products alone would have to
     * run, with the cell and all else free, beside the fastest rate this run's table measured for that workload's
     * products; and for an LSTM's inference, what the products take at that rate plus the cell alone. The table runs
     * after the workloads, so on a machine that drifts the two are minutes apart: an estimate, not a proof.
     */
    static void goals(List<Result> results, List<ProductRate> rates) {
        System.out.printf("%nGoals (issue 28), from this run:%n");
        for (boolean train : new boolean[] {true, false}) {
            double goal = train ? 0.8 : 1.0;
            Result worst = null;
            for (Result r : results) {
                if (r.peerMs.isEmpty() || r.workload.train() != train) continue;
                if (worst == null || r.ms[0] / r.fastestPeer() > worst.ms[0] / worst.fastestPeer()) worst = r;
            }
            if (worst != null) {
                double ratio = worst.ms[0] / worst.fastestPeer();
                System.out.printf("  every %s time <= %.1fx the fastest peer's: worst %s on %d thread(s), %.2fx: %s%n",
                        train ? "training" : "inference", goal, worst.workload.name(), worst.threads, ratio,
                        ratio <= goal ? "met" : "NOT met");
            }
        }
        for (Result r : results) {
            if (r.peerMs.isEmpty() || r.ms[0] <= 0.8 * r.fastestPeer()) continue;
            double needed = r.idealMs() / (0.8 * r.fastestPeer());
            System.out.printf("    %s on %d thread(s): 0.8x the fastest peer is %.2f ms; its products alone would have to run"
                    + " at %.0f%% of the peak, all else free", r.workload.name(), r.threads, 0.8 * r.fastestPeer(), 100 * needed);
            OptionalDouble best = rates.stream() // the table's products are float32
                    .filter(p -> r.workload.dtype() == DType.FLOAT32 && p.threads() == r.threads
                            && r.workload.name().startsWith(p.product().workload()))
                    .mapToDouble(ProductRate::ofPeak).max();
            if (best.isPresent()) System.out.printf(" (its fastest product above: %.0f%%)", 100 * best.getAsDouble());
            System.out.println();
            if (best.isPresent() && !r.workload.train() && r.workload.cell().equals("LSTM")) {
                double productsMs = r.idealMs() / best.getAsDouble(), cellMs = lstmCellMs(r.workload, r.threads);
                System.out.printf("      even at that rate its products take %.2f ms, and the LSTM cell alone %.2f ms more:"
                        + " %.2f ms, %.2fx the fastest peer%n", productsMs, cellMs, productsMs + cellMs,
                        (productsMs + cellMs) / r.fastestPeer());
            }
        }
        for (Result r : results) {
            if (r.threads != 1 || !r.workload.train() || r.workload.dtype() != DType.FLOAT32 || r.workload.charModel()) continue;
            double goal = r.workload.name().startsWith("W2") ? 0.70 : 0.60;
            System.out.printf("  %s at >= %.0f%% of the ideal on 1 thread: %.1f%%: %s%n", r.workload.name(), 100 * goal,
                    100 * r.ofIdeal(), r.ofIdeal() >= goal ? "met" : "NOT met");
        }
        for (Result one : results) {
            if (one.threads != 1 || !one.workload.name().startsWith("W1")) continue;
            for (Result two : results) {
                if (two.threads == 2 && two.workload == one.workload) {
                    double speedup = one.ms[0] / two.ms[0];
                    System.out.printf("  %s on 2 threads >= 1.6x faster than on 1: %.2fx: %s%n", one.workload.name(), speedup,
                            speedup >= 1.6 ? "met" : "NOT met");
                }
            }
        }
        for (Result f64 : results) {
            if (f64.workload.dtype() != DType.FLOAT64) continue;
            for (Result f32 : results) {
                if (f32.threads == f64.threads && f32.workload.name().equals(f64.workload.name().replace("-float64", ""))) {
                    double ratio = f64.ms[0] / f32.ms[0];
                    System.out.printf("  %s within 2.5x of float32 on %d thread(s): %.2fx: %s%n", f64.workload.name(),
                            f64.threads, ratio, ratio <= 2.5 ? "met" : "NOT met");
                }
            }
        }
        for (Result r : results) {
            if (r.threads == 1 && r.workload.name().equals("W1-LSTM")) {
                System.out.printf("  a W1 training step allocates < 0.5 MB: %.3f MB: %s%n", r.heapMB,
                        r.heapMB < 0.5 ? "met" : "NOT met");
            }
        }
    }

    /**
     * ms for the element-wise LSTM cell of one inference pass over the workload, without any matrix product: the steps
     * of one thread's rows (the batch is cut into a block per thread, which run side by side), with its buffers bound as
     * a layer binds them for inference. The median of 7 timings of 0.1 s or more, after 0.5 s of warm-up.
     */
    static double lstmCellMs(Workload w, int threads) {
        int rows = (w.batch() + threads - 1) / threads, hidden = w.hidden(), width = 4 * hidden;
        DType f = w.dtype();
        CompiledCell cell = LstmVariant.STANDARD.definition().compiled();
        Rng rng = new Rng(4);
        Tensor xg = Tensor.randn(rng, f, w.steps() * rows, width), hg = Tensor.randn(rng, f, rows, width);
        Tensor[] act = new Tensor[2], c = new Tensor[2], h = new Tensor[2];
        for (int i = 0; i < 2; i++) {
            act[i] = Tensor.zeros(f, rows, cell.savedWidth() * hidden);
            c[i] = Tensor.randn(rng, f, rows, hidden);
            h[i] = Tensor.randn(rng, f, rows, hidden);
        }
        CellStep step = new CellStep(cell, rows, hidden, f, List.of()).bind(CompiledCell.Buffer.HIDDEN_PART, hg);
        Runnable pass = () -> {
            for (int t = 0; t < w.steps(); t++) {
                int i = t % 2, prev = 1 - i;
                step.bind(CompiledCell.Buffer.INPUT_PART, xg, t * rows * width).bind(CompiledCell.Buffer.H_PREV, h[prev])
                        .bind(CompiledCell.Buffer.STATE_PREV, c[prev]).bind(CompiledCell.Buffer.SAVED, act[i])
                        .bind(CompiledCell.Buffer.STATE, c[i]).bind(CompiledCell.Buffer.HIDDEN, h[i]).forward();
            }
        };
        for (long end = System.nanoTime() + 500_000_000L; System.nanoTime() < end; ) pass.run();
        List<Double> ms = new ArrayList<>();
        for (int run = 0; run < 7; run++) {
            int passes = 0;
            long t0 = System.nanoTime(), elapsed;
            do {
                pass.run();
                passes++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < 100_000_000L);
            ms.add(elapsed / 1e6 / passes);
        }
        return stats(ms)[0];
    }

    /**
     * One of a workload's matrix products: C[m×n] = op(A)·B. The per-step ones have B (W_hh) packed once per sequence,
     * as the layer has, and A not transposed.
     */
    record Product(String workload, String what, int m, int n, int k, boolean transA, boolean prepacked) {}

    /** What a product reached on a thread count, as a fraction of the peak of the cores used. */
    record ProductRate(Product product, int threads, double ofPeak) {}

    static final List<Product> PRODUCTS = List.of(
            new Product("W1", "step forward h.W_hh^T", 32, 512, 128, false, true),
            new Product("W1", "input X.W_ih^T", 1600, 512, 32, false, false),
            new Product("W2", "step forward h.W_hh^T", 64, 1024, 256, false, true),
            new Product("W2", "step backward dz.W_hh", 64, 256, 1024, false, true),
            new Product("W2", "input X.W_ih^T, layer 2", 6400, 1024, 256, false, false),
            new Product("W2", "dW_hh = dz^T.h", 1024, 256, 6400, true, false),
            new Product("W2", "dX = dz.W_ih, layer 2", 6400, 256, 1024, false, false),
            new Product("W2", "dW_ih = dz^T.x, layer 1", 1024, 64, 6400, true, false));

    /** The matrix products of W1's inference and of W2 on their own, against the FP32 peak of the cores used. */
    static List<ProductRate> products() {
        System.out.printf("%nMatrix products alone (best of 5 runs of about 0.2 s; peak %.0f GFLOP/s a core)%n",
                PEAK_GFLOPS);
        System.out.printf("%-29s %22s %3s %9s %8s%n", "product", "m x n x k", "thr", "GFLOP/s", "of peak");
        Rng rng = new Rng(3);
        List<ProductRate> rates = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            for (Product p : PRODUCTS) {
                float[] a = floats(rng, p.m * p.k), b = floats(rng, p.k * p.n), c = new float[p.m * p.n];
                int lda = p.transA ? p.m : p.k;
                PackedB<float[]> packed = BlockedGemm.FLOAT.pack(false, p.n, p.k, b, 0, p.n);
                Runnable product;
                if (p.prepacked) {
                    // A per-step product, run as a layer runs it: on more threads, each thread's block of the batch
                    // multiplies its own rows, side by side, on the one packed W_hh.
                    Parallel.Range rows = (from, to) -> BlockedGemm.FLOAT.multiply(false, to - from, a, from * p.k, p.k, packed, c,
                            from * p.n, p.n, false);
                    product = () -> Parallel.forRange(p.m, p.m / threads, rows);
                } else {
                    product = () -> BlockedGemm.FLOAT.multiply(p.transA, false, p.m, p.n, p.k, a, 0, lda, b, 0, p.n, c, 0, p.n, false);
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
                double ofPeak = best / (PEAK_GFLOPS * threads);
                System.out.printf("%-29s %22s %3d %9.1f %7.0f%%%n", p.workload + " " + p.what, p.m + " x " + p.n + " x " + p.k,
                        threads, best, 100 * ofPeak);
                rates.add(new ProductRate(p, threads, ofPeak));
            }
        }
        Parallel.setThreads(1);
        return rates;
    }

    private static float[] floats(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.normal();
        return x;
    }

    /**
     * One workload on 1 and 2 threads, in turns: each round runs every side on 1 thread, then every side on 2. The
     * machine's speed drifts over minutes (its second core most of all: in one run of W1-GRU every system took 1.5–2×
     * longer on 2 threads than ten minutes before), so the speed-up from a second thread is only taken from turns
     * side by side.
     */
    private static List<Result> report(Workload w, int steps, List<Peer> peers) throws Exception {
        GatelabRun gatelab = new GatelabRun(w);
        Map<Integer, List<Double>> ours = new LinkedHashMap<>();
        Map<Integer, Map<Peer, List<Double>>> theirs = new LinkedHashMap<>();
        Map<Integer, Long> allocated = new LinkedHashMap<>();
        for (int threads : THREADS) {
            ours.put(threads, new ArrayList<>());
            theirs.put(threads, new LinkedHashMap<>());
            for (Peer p : peers) if (p.refuses(w) == null) theirs.get(threads).put(p, new ArrayList<>());
            allocated.put(threads, 0L);
        }
        for (int round = 0; round < ROUNDS; round++) {
            int n = steps / ROUNDS + (round < steps % ROUNDS ? 1 : 0);
            for (int threads : THREADS) {
                Parallel.setThreads(threads);
                // Each side's turn starts with untimed steps, the same count on every side, lasting about SETTLE_MS:
                // another system has just had the caches and the cores. A core that waited takes about 15 ms of work
                // to come back to speed (4 ms steps measured 5.2, 4.9, 4.5, 4.4, 4.3 … 4.2 after an 80 ms sleep), and
                // on two threads the previous side's threads go on spinning for a while after its turn (OpenMP's do):
                // with 30 ms, W1-RNN on 2 threads measured 2.31–2.35 ms and torch 1.13's W1-GRU 25.5–27.2 ms, with
                // 150 ms 1.35–1.41 and 15.1–15.6.
                int untimed = Math.max(1, (int) Math.ceil(SETTLE_MS / gatelab.msPerStep(threads)));
                Map<Peer, List<Double>> mine = theirs.get(threads);
                for (Peer p : List.copyOf(mine.keySet())) {
                    try {
                        mine.get(p).addAll(p.time(w, threads, untimed + n).subList(untimed, untimed + n));
                    } catch (Exception e) {
                        // A peer that fails on one workload is left out of it, and the run goes on.
                        System.out.printf("peer %s failed on %s: %s%n", p.name(), w.name(), e);
                        for (Map<Peer, List<Double>> each : theirs.values()) each.remove(p);
                    }
                }
                gatelab.time(untimed);
                long before = allocatedBytes();
                ours.get(threads).addAll(gatelab.time(n));
                allocated.merge(threads, allocatedBytes() - before, Long::sum);
            }
        }
        Parallel.setThreads(1);
        List<Result> results = new ArrayList<>();
        for (int threads : THREADS) {
            Map<String, Double> peerMs = new LinkedHashMap<>();
            theirs.get(threads).forEach((p, ms) -> peerMs.put(p.name(), stats(ms)[0]));
            List<Double> ms = ours.get(threads);
            Result r = new Result(w, threads, stats(ms), (double) allocated.get(threads) / ms.size() / 1e6, peerMs);
            System.out.printf("%-18s %3d %8.2f (%5.2f-%6.2f) %7.0f%% %6.3f MB", w.name(), threads, r.ms[0], r.ms[1],
                    r.ms[2], 100 * r.ofIdeal(), r.heapMB);
            for (Peer p : peers) {
                Double peer = peerMs.get(p.name());
                System.out.printf(" %22s", peer == null ? "-" : String.format("%.2f", peer));
            }
            System.out.printf(" %10s%n", peerMs.isEmpty() ? "-" : String.format("%.2f", r.ms[0] / r.fastestPeer()));
            results.add(r);
        }
        return results;
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
        private final Map<Integer, Double> msPerStep = new LinkedHashMap<>();

        private static final int WARM_UP_STEPS = 30;
        private static final long WARM_UP_NANOS = 2_000_000_000L;

        GatelabRun(Workload w) {
            step = w.charModel() ? charModelStep(w) : regressionStep(w);
            // Warm-up until the JIT has compiled the kernels, which it does in the background: at least WARM_UP_STEPS
            // steps and WARM_UP_NANOS of them on each thread count, as a fast workload (inference, 4 ms a step) is still
            // interpreted after 30.
            for (int threads : THREADS) {
                Parallel.setThreads(threads);
                long end = System.nanoTime() + WARM_UP_NANOS;
                for (int i = 0; i < WARM_UP_STEPS || System.nanoTime() < end; i++) step.run();
                msPerStep.put(threads, stats(time(5))[0]);
            }
            Parallel.setThreads(1);
        }

        /**
         * Notebook 04's training step exactly: its Trainer, fitted to one batch of 64 streams of 100 random characters
         * (so the batch is taken from the dataset as the notebook's are, and the step makes its checks).
         */
        private static Runnable charModelStep(Workload w) {
            SequenceModel model = CharModelProfile.model(w);
            SequenceDataset batch = CharModelProfile.oneBatch(w);
            Trainer trainer = Trainer.of(model).loss(Losses.crossEntropy()).optimizer(new Adam(model.parameters(), 0.005))
                    .clipGradNorm(5).epochs(1).batchSize(w.batch()).carryState().quiet();
            return () -> trainer.fit(batch);
        }

        private static Runnable regressionStep(Workload w) {
            Rng.manualSeed(0);
            Recurrent rnn = switch (w.cell()) {
                case "LSTM" -> LSTM.builder(w.input(), w.hidden()).numLayers(w.layers()).batchFirst().dtype(w.dtype()).build();
                case "GRU" -> GRU.builder(w.input(), w.hidden()).numLayers(w.layers()).batchFirst().dtype(w.dtype()).build();
                default -> RNN.builder(w.input(), w.hidden()).numLayers(w.layers()).batchFirst().dtype(w.dtype()).build();
            };
            SequenceModel model = SequenceModel.lastStep(rnn, 1);
            Adam adam = new Adam(model.parameters(), 1e-3);
            Tensor x = Tensor.randn(new Rng(1), w.dtype(), w.batch(), w.steps(), w.input());
            Tensor y = Tensor.randn(new Rng(2), w.dtype(), w.batch(), 1);
            return () -> {
                if (w.train()) {
                    model.zeroGrad();
                    Losses.mse().forward(model.forward(x), y).backward();
                    adam.step();
                } else {
                    try (Grad.Scope off = Grad.off()) {
                        model.forward(x);
                    }
                }
            };
        }

        /** The median of a few steps after warm-up: what decides how many steps make a turn's settling time. */
        double msPerStep(int threads) {
            return msPerStep.get(threads);
        }

        List<Double> time(int steps) {
            return Peer.timed(step, steps);
        }
    }

    /** Heap allocated so far by every live thread (the kernels' pool threads included). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(mx.getThreadAllocatedBytes(mx.getAllThreadIds())).filter(b -> b > 0).sum();
    }
}
