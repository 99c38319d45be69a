package dev.gatelab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transpose combination and awkward size, float and double, against a reference; every kernel and thread count
 * gives the same bits, each element being one fma chain over k in order.
 */
class BlockedGemmTest {
    /** An element type under test: its product, its plain-Java kernel, and its arrays to and from double. */
    record Type<A>(String name, BlockedGemm<A> gemm, MicroKernel<A> plain, Function<double[], A> of,
            Function<A, double[]> values, boolean single) {
        List<MicroKernel<A>> kernels() {
            return List.of(gemm.wideKernel(), gemm.narrowKernel(), plain);
        }

        /** start + Σ a[i]·b[i] as one fma chain in order, in this type's precision. */
        double chain(double start, double[] a, double[] b) {
            if (single) {
                float c = (float) start;
                for (int i = 0; i < a.length; i++) c = Math.fma((float) a[i], (float) b[i], c);
                return c;
            }
            double c = start;
            for (int i = 0; i < a.length; i++) c = Math.fma(a[i], b[i], c);
            return c;
        }

        A random(Random r, int n) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
            return of.apply(x);
        }

        A run(MicroKernel<A> kernel, boolean ta, boolean tb, int m, int n, int k, A a, A b, A c0, boolean acc, A bias) {
            A c = of.apply(values.apply(c0));
            gemm.multiply(kernel, ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c, 0, n, acc, bias);
            return c;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Type<float[]> FLOAT = new Type<>("float", BlockedGemm.FLOAT, new ScalarMicroKernel(), x -> {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }, f -> {
        double[] x = new double[f.length];
        for (int i = 0; i < f.length; i++) x[i] = f[i];
        return x;
    }, true);
    static final Type<double[]> DOUBLE = new Type<>("double", BlockedGemm.DOUBLE, new ScalarDoubleMicroKernel(),
            double[]::clone, double[]::clone, false);

    static Stream<Type<?>> types() {
        return Stream.of(FLOAT, DOUBLE);
    }

    /** Row i of op(a) and column j of op(b), as doubles. */
    private static double[][] operands(double[] a, double[] b, boolean ta, boolean tb, int m, int n, int k, int i, int j) {
        double[] row = new double[k], col = new double[k];
        for (int kk = 0; kk < k; kk++) {
            row[kk] = a[ta ? kk * m + i : i * k + kk];
            col[kk] = b[tb ? j * k + kk : kk * n + j];
        }
        return new double[][] {row, col};
    }

    @ParameterizedTest
    @MethodSource("types")
    void matchesAReferenceForEveryLayoutAndSize(Type<?> type) {
        matchesAReference(type);
    }

    private static <A> void matchesAReference(Type<A> t) {
        Random r = new Random(1);
        // The third from last has more rows than a group (MC) and more than two panels of B: A is packed only then.
        int[][] sizes = {{1, 1, 1}, {7, 5, 3}, {6, 32, 17}, {13, 35, 64}, {64, 100, 33}, {BlockedGemm.MC + 22, 200, 40},
                {5, 1, 9}, {3, 4, 0}};
        double tolerance = t.single ? 1e-4 : 1e-12;
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (boolean acc : new boolean[] {false, true}) {
                        A a = t.random(r, m * k), b = t.random(r, k * n), c0 = t.random(r, m * n);
                        double[] av = t.values.apply(a), bv = t.values.apply(b), start = t.values.apply(c0);
                        double[] c = t.values.apply(t.run(t.gemm.wideKernel(), ta, tb, m, n, k, a, b, c0, acc, null));
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double[][] ops = operands(av, bv, ta, tb, m, n, k, i, j);
                                double ref = acc ? start[i * n + j] : 0;
                                for (int kk = 0; kk < k; kk++) ref += ops[0][kk] * ops[1][kk];
                                assertEquals(ref, c[i * n + j], tolerance * (1 + Math.abs(ref)),
                                        t + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc);
                            }
                        }
                        double[] plain = t.values.apply(t.run(t.plain, ta, tb, m, n, k, a, b, c0, acc, null));
                        assertArrayEquals(plain, c, t + ": the vector and plain-Java kernels give the same bits");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void theVectorKernelsAreUsedWhenTheModuleIsThere(Type<?> t) {
        // Maven's test JVM runs with --add-modules jdk.incubator.vector (see pom.xml).
        assertTrue(t.gemm.kernelName().startsWith("vector-"), t.gemm.kernelName());
        if (t.single) assertTrue(t.gemm.narrowKernel().name().endsWith("-narrow"), t.gemm.narrowKernel().name());
    }

    @ParameterizedTest
    @MethodSource("types")
    void oneAndTwoThreadsGiveTheSameBits(Type<?> type) {
        sameBitsOnTwoThreads(type);
    }

    private static <A> void sameBitsOnTwoThreads(Type<A> t) {
        Random r = new Random(2);
        int m = 257, n = 190, k = 129;
        A a = t.random(r, m * k), b = t.random(r, k * n), c0 = t.of.apply(new double[m * n]);
        double[] one = t.values.apply(t.run(t.gemm.wideKernel(), false, true, m, n, k, a, b, c0, false, null));
        Parallel.setThreads(2);
        try {
            double[] two = t.values.apply(t.run(t.gemm.wideKernel(), false, true, m, n, k, a, b, c0, false, null));
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(1);
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void eachElementIsOneFmaChainOverKInOrderBlocksAndAll(Type<?> type) {
        oneChainEach(type);
    }

    private static <A> void oneChainEach(Type<A> t) {
        Random r = new Random(4);
        int m = 19, n = 70, k = 2 * BlockedGemm.KC + 37;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean acc : new boolean[] {false, true}) {
                A a = t.random(r, m * k), b = t.random(r, k * n), c0 = t.random(r, m * n);
                double[] av = t.values.apply(a), bv = t.values.apply(b), start = t.values.apply(c0);
                for (MicroKernel<A> kernel : t.kernels()) {
                    double[] c = t.values.apply(t.run(kernel, ta, false, m, n, k, a, b, c0, acc, null));
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double[][] ops = operands(av, bv, ta, false, m, n, k, i, j);
                            assertEquals(t.chain(acc ? start[i * n + j] : 0, ops[0], ops[1]), c[i * n + j],
                                    t + " " + kernel.name() + " ta=" + ta + " acc=" + acc + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void aBiasStartsEveryChain(Type<?> type) {
        biasStarts(type);
    }

    private static <A> void biasStarts(Type<A> t) {
        Random r = new Random(5);
        int m = 6, n = 67, k = BlockedGemm.KC + 3;
        A a = t.random(r, m * k), b = t.random(r, k * n), bias = t.random(r, n), c0 = t.random(r, m * n);
        double[] av = t.values.apply(a), bv = t.values.apply(b), start = t.values.apply(bias);
        double[] c = t.values.apply(t.run(t.gemm.wideKernel(), false, true, m, n, k, a, b, c0, false, bias));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double[][] ops = operands(av, bv, false, true, m, n, k, i, j);
                assertEquals(t.chain(start[j], ops[0], ops[1]), c[i * n + j], t + " at " + i + "," + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void aTallWeightGradientRunsTransposedWithTheSameBits(Type<?> type) {
        runsTransposed(type);
    }

    /** dW = dzᵀ·h with many more rows than columns runs as Cᵀ: every element still the one chain over k, in order. */
    private static <A> void runsTransposed(Type<A> t) {
        Random r = new Random(6);
        int n = t.gemm.wideKernel().nr() + 5, m = 4 * n + 3, k = BlockedGemm.KC + 11;
        assertTrue(t.gemm.transposedPays(true, false, m, n), "the shape under test runs transposed");
        for (boolean acc : new boolean[] {false, true}) {
            A a = t.random(r, k * m), b = t.random(r, k * n), c0 = t.random(r, m * n);
            double[] av = t.values.apply(a), bv = t.values.apply(b), start = t.values.apply(c0);
            A routed = t.of.apply(start);
            t.gemm.multiply(true, false, m, n, k, a, 0, m, b, 0, n, routed, 0, n, acc);
            double[] c = t.values.apply(routed);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double[][] ops = operands(av, bv, true, false, m, n, k, i, j);
                    assertEquals(t.chain(acc ? start[i * n + j] : 0, ops[0], ops[1]), c[i * n + j],
                            t + " acc=" + acc + " at " + i + "," + j);
                }
            }
            double[] asItStands = t.values.apply(t.run(t.gemm.wideKernel(), true, false, m, n, k, a, b, c0, acc, null));
            assertArrayEquals(asItStands, c, t + " acc=" + acc + ": the same bits as the product run untransposed");
        }
    }
}
