package dev.gatelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.gatelab.train.Losses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed benchmark: each workload in Gatelab and, in the same run and with the same thread count, in PyTorch
 * (src/test/python/bench_torch.py with Debian's python3-torch). It prints ms per step (median and min–max after
 * warm-up), GFLOP/s of the matrix products, the ratio Gatelab/PyTorch, the fraction of the ideal (matmul FLOPs at
 * {@value #PEAK_GFLOPS} GFLOP/s a core, the FP32 peak measured on the machine) and the heap allocated per step.
 *
 * <p>Run: {@code MAVEN_OPTS="--add-modules jdk.incubator.vector" mvn -q test-compile exec:java
 * -Dexec.mainClass=dev.gatelab.bench.RecurrentBenchmark} (optional arguments: steps, then workload names).
 */
public final class RecurrentBenchmark {
    static final double PEAK_GFLOPS = 216;

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

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : null;
        System.out.printf("JDK %s (%s), matmul kernel %s, %d cores%n", Runtime.version(), System.getProperty("java.vm.name"),
                Sgemm.kernelName(), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-18s %3s %22s %9s %22s %8s %8s %8s %10s%n", "workload", "thr", "Gatelab ms (min-max)",
                "GFLOP/s", "PyTorch ms (min-max)", "ratio", "ideal ms", "of ideal", "heap/step");
        // One pass over every workload first: the JIT compiles the kernels for all shapes before anything is timed.
        for (Workload w : WORKLOADS) if (only == null || only.contains(w.name)) gatelab(w, 3);
        for (int threads : new int[] {1, 2}) {
            Map<String, JsonNode> torch = torch(threads, steps, only);
            for (Workload w : WORKLOADS) {
                if (only != null && !only.contains(w.name)) continue;
                Parallel.setThreads(threads);
                double[] r = gatelab(w, steps);
                JsonNode t = torch.get(w.name);
                double ideal = w.flops() / (PEAK_GFLOPS * 1e9 * threads) * 1e3;
                System.out.printf("%-18s %3d %8.2f (%5.2f-%6.2f) %9.1f %22s %8s %8.2f %7.0f%% %8.2f MB%n", w.name, threads,
                        r[0], r[1], r[2], w.flops() / r[0] / 1e6,
                        t == null ? "n/a" : String.format("%8.2f (%5.2f-%6.2f)", t.get("median_ms").asDouble(),
                                t.get("min_ms").asDouble(), t.get("max_ms").asDouble()),
                        t == null ? "n/a" : String.format("%.2f", r[0] / t.get("median_ms").asDouble()),
                        ideal, 100 * ideal / r[0], r[3] / 1e6);
            }
        }
        Parallel.setThreads(1);
    }

    /** {median ms, min ms, max ms, bytes allocated per step}. */
    static double[] gatelab(Workload w, int steps) {
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
        Runnable step = () -> {
            if (w.train) {
                model.zeroGrad();
                Losses.mse().compute(model.forward(x), y).backward();
                adam.step();
            } else {
                try (Grad.Scope off = Grad.off()) {
                    model.forward(x);
                }
            }
        };
        for (int i = 0; i < 30; i++) step.run(); // warm-up: the JIT compiles the kernels in the background
        double[] ms = new double[steps];
        long allocated = allocatedBytes();
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        allocated = allocatedBytes() - allocated;
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = steps % 2 == 1 ? sorted[steps / 2] : (sorted[steps / 2 - 1] + sorted[steps / 2]) / 2;
        return new double[] {median, sorted[0], sorted[steps - 1], (double) allocated / steps};
    }

    /** Heap allocated so far by every live thread (the kernels' pool threads included). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(mx.getThreadAllocatedBytes(mx.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    /** PyTorch's results by workload, or none when torch is not installed. */
    static Map<String, JsonNode> torch(int threads, int steps, List<String> only) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        Path script = Path.of("src/test/python/bench_torch.py");
        if (!Files.exists(Path.of("/usr/bin/python3")) || !Files.exists(script)) return out;
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--threads",
                String.valueOf(threads), "--steps", String.valueOf(steps)));
        if (only != null) only.forEach(w -> cmd.addAll(List.of("--workload", w)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    JsonNode n = json.readTree(line);
                    out.put(n.get("workload").asText(), n);
                } else {
                    System.out.println("  (PyTorch) " + line);
                }
            }
        }
        p.waitFor();
        return out;
    }
}
