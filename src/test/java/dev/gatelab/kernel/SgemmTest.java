package dev.gatelab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every transpose combination and awkward size, against a double-precision reference; all paths give the same bits. */
class SgemmTest {
    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    private static float[] run(Sgemm.MicroKernel kernel, boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b,
            float[] c0, boolean acc) {
        float[] c = c0.clone();
        Sgemm.multiply(kernel, ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c, 0, n, acc);
        return c;
    }

    @Test
    void matchesAReferenceForEveryLayoutAndSize() {
        Random r = new Random(1);
        int[][] sizes = {{1, 1, 1}, {7, 5, 3}, {6, 32, 17}, {13, 35, 64}, {64, 100, 33}, {5, 1, 9}, {3, 4, 0}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (boolean acc : new boolean[] {false, true}) {
                        float[] a = random(r, m * k), b = random(r, k * n), c0 = random(r, m * n);
                        float[] c = run(Sgemm.defaultKernel(), ta, tb, m, n, k, a, b, c0, acc);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double ref = acc ? c0[i * n + j] : 0;
                                for (int kk = 0; kk < k; kk++) {
                                    ref += (double) a[ta ? kk * m + i : i * k + kk] * b[tb ? j * k + kk : kk * n + j];
                                }
                                assertEquals(ref, c[i * n + j], 1e-4 * (1 + Math.abs(ref)),
                                        "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " acc=" + acc);
                            }
                        }
                        float[] plain = run(new ScalarMicroKernel(), ta, tb, m, n, k, a, b, c0, acc);
                        assertArrayEquals(plain, c, "the vector and plain-Java kernels give the same bits");
                    }
                }
            }
        }
    }

    @Test
    void theVectorKernelsAreUsedWhenTheModuleIsThere() {
        // Maven's test JVM runs with --add-modules jdk.incubator.vector (see pom.xml).
        assertTrue(Sgemm.kernelName().startsWith("vector-"), Sgemm.kernelName());
        assertTrue(Sgemm.narrowKernel().name().endsWith("-narrow"), Sgemm.narrowKernel().name());
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        Random r = new Random(2);
        int m = 257, n = 190, k = 129;
        float[] a = random(r, m * k), b = random(r, k * n), c0 = new float[m * n];
        float[] one = run(Sgemm.defaultKernel(), false, true, m, n, k, a, b, c0, false);
        Parallel.setThreads(2);
        try {
            float[] two = run(Sgemm.defaultKernel(), false, true, m, n, k, a, b, c0, false);
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(1);
        }
    }

    @Test
    void eachElementIsOneFmaChainOverKInOrderBlocksAndAll() {
        Random r = new Random(4);
        int m = 19, n = 70, k = 2 * Sgemm.KC + 37;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean acc : new boolean[] {false, true}) {
                float[] a = random(r, m * k), b = random(r, k * n), c0 = random(r, m * n);
                for (Sgemm.MicroKernel kernel : new Sgemm.MicroKernel[] {Sgemm.defaultKernel(), Sgemm.narrowKernel(),
                        new ScalarMicroKernel()}) {
                    float[] c = run(kernel, ta, false, m, n, k, a, b, c0, acc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            float chain = acc ? c0[i * n + j] : 0f;
                            for (int kk = 0; kk < k; kk++) chain = Math.fma(a[ta ? kk * m + i : i * k + kk], b[kk * n + j], chain);
                            assertEquals(chain, c[i * n + j], kernel.name() + " ta=" + ta + " acc=" + acc + " at " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBiasStartsEveryChain() {
        Random r = new Random(5);
        int m = 6, n = 67, k = Sgemm.KC + 3;
        float[] a = random(r, m * k), b = random(r, k * n), bias = random(r, n), c = random(r, m * n);
        Sgemm.multiplyBias(false, true, m, n, k, a, 0, k, b, 0, k, bias, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float chain = bias[j];
                for (int kk = 0; kk < k; kk++) chain = Math.fma(a[i * k + kk], b[j * k + kk], chain);
                assertEquals(chain, c[i * n + j], "at " + i + "," + j);
            }
        }
    }
}
