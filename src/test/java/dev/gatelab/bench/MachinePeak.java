package dev.gatelab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FP32 peak of one core of the machine the benchmark runs on, measured rather than assumed: a Vector API loop of
 * fused multiply-adds on enough independent accumulators to cover the FMA units' latency, best of several runs.
 * Machines differ (one here has half the FMA throughput of another), so fractions of the ideal use this number.
 */
public final class MachinePeak {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 16;

    private MachinePeak() {}

    /** @return GFLOP/s of one thread: 2 flops per lane per FMA */
    static double gflopsPerCore() {
        float[] seed = new float[SPECIES.length()];
        for (int i = 0; i < seed.length; i++) seed[i] = 1f + i * 1e-7f;
        double best = 0;
        long iterations = 2_000_000;
        for (int run = 0; run < 7; run++) {
            long start = System.nanoTime();
            float sink = fmaLoop(seed, iterations);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (sink == 42.4242f) System.out.print(""); // keeps the loop's result alive
            best = Math.max(best, 2.0 * SPECIES.length() * ACCUMULATORS * iterations / seconds / 1e9);
        }
        return best;
    }

    /** Sixteen independent chains a = a·m + b; their sum is returned so nothing is optimised away. */
    private static float fmaLoop(float[] seed, long iterations) {
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999999f), b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector a0 = FloatVector.fromArray(SPECIES, seed, 0), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
        FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9);
        FloatVector a10 = a0.add(10), a11 = a0.add(11), a12 = a0.add(12), a13 = a0.add(13), a14 = a0.add(14), a15 = a0.add(15);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, b); a1 = a1.fma(m, b); a2 = a2.fma(m, b); a3 = a3.fma(m, b);
            a4 = a4.fma(m, b); a5 = a5.fma(m, b); a6 = a6.fma(m, b); a7 = a7.fma(m, b);
            a8 = a8.fma(m, b); a9 = a9.fma(m, b); a10 = a10.fma(m, b); a11 = a11.fma(m, b);
            a12 = a12.fma(m, b); a13 = a13.fma(m, b); a14 = a14.fma(m, b); a15 = a15.fma(m, b);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** @return the CPU's model name as the kernel reports it, or what the JVM knows */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (Exception notLinux) {
            // fall through
        }
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** @param args none; prints the CPU and its measured peak */
    public static void main(String[] args) {
        System.out.printf("%s: %.1f GFLOP/s FP32 a core (%d-lane vectors, %d accumulators)%n", cpuModel(),
                gflopsPerCore(), SPECIES.length(), ACCUMULATORS);
    }
}
