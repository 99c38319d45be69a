package dev.gatelab.kernel;

import dev.gatelab.Slow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {
    @AfterEach
    void oneThreadAgain() {
        Parallel.setThreads(1);
    }

    /** Every index of [0, n) is run exactly once, in whole grains, for many hand-offs in a row. */
    @Slow
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void eachIndexRunsOnce(int threads) {
        Parallel.setThreads(threads);
        for (int n : new int[] {1, 2, 7, 64, 1001}) {
            for (int grain : new int[] {1, 4}) {
                for (int repeat = 0; repeat < 200; repeat++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(n);
                    Parallel.forRange(n, grain, (from, to) -> {
                        if (from % grain != 0) throw new AssertionError("a range starts at " + from + ", not a whole grain");
                        for (int i = from; i < to; i++) runs.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, runs.get(i), "index " + i + " of " + n + ", grain " + grain);
                }
            }
        }
    }

    /** What a worker's range throws reaches the caller, and the workers take the next work as before. */
    @Test
    void aWorkersFailureReachesTheCaller() {
        Parallel.setThreads(2);
        IllegalStateException thrown = new IllegalStateException("from the second half");
        IllegalStateException caught = assertThrows(IllegalStateException.class, () -> Parallel.forRange(10, 1, (from, to) -> {
            if (from > 0) throw thrown;
        }));
        assertSame(thrown, caught);
        int[] sums = new int[2];
        Parallel.forRange(2, 1, (from, to) -> sums[from] = from + 1);
        assertArrayEquals(new int[] {1, 2}, sums);
    }

    /** Work handed out from inside handed-out work runs where it is, rather than waiting on a busy worker. */
    @Test
    void nestedWorkRunsInPlace() {
        Parallel.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(100);
        Parallel.forRange(2, 1, (from, to) -> Parallel.forRange(50, 1, (a, b) -> {
            for (int i = a; i < b; i++) runs.incrementAndGet(from * 50 + i);
        }));
        for (int i = 0; i < 100; i++) assertEquals(1, runs.get(i), "index " + i);
    }

    /** Two callers at once: the second runs its work itself while the workers are out, and both are complete. */
    @Test
    void twoCallersAtOnceBothFinish() throws Exception {
        Parallel.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?>[] done = new Future<?>[2];
            for (int c = 0; c < 2; c++) {
                done[c] = callers.submit(() -> {
                    start.await();
                    for (int repeat = 0; repeat < 2000; repeat++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(33);
                        Parallel.forRange(33, 1, (from, to) -> {
                            for (int i = from; i < to; i++) runs.incrementAndGet(i);
                        });
                        for (int i = 0; i < 33; i++) assertEquals(1, runs.get(i));
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
    }

    /** Fewer threads leave the workers parked, and more again use the same ones: no thread is started twice. */
    @Test
    void changingTheCountKeepsTheWorkers() {
        Thread[] ranOn = new Thread[2];
        Parallel.Range record = (from, to) -> {
            for (int i = from; i < to; i++) ranOn[i] = Thread.currentThread();
        };
        Parallel.setThreads(2);
        Parallel.forRange(2, 1, record);
        Thread worker = ranOn[1];
        assertTrue(worker != Thread.currentThread(), "on 2 threads the second half runs on a worker");
        Parallel.setThreads(1);
        Parallel.forRange(2, 1, record);
        assertSame(Thread.currentThread(), ranOn[1], "on 1 thread the caller runs everything");
        Parallel.setThreads(2);
        Parallel.forRange(2, 1, record);
        assertSame(worker, ranOn[1], "back on 2 threads, the same worker");
    }
}
