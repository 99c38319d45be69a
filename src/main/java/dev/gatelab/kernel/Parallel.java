package dev.gatelab.kernel;

import dev.gatelab.ArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread pool of Gatelab's kernels, and how many threads they use (1 by default). Work is split into
 * contiguous ranges that each compute whole output elements, so no sum changes its order: results are bit for bit the
 * same whatever the thread count.
 */
public final class Parallel {
    private static int threads = 1;
    private static ExecutorService pool;
    /**
     * Set on the pool's threads, and on a caller while it waits for them: work handed out from inside handed-out work
     * runs where it is, since waiting on the pool from the pool could wait forever.
     */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {}

    /** Uses {@code n} threads (the caller's and n − 1 pool threads) from now on. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new ArgumentException("Parallel.setThreads: the thread count must be at least 1, got " + n);
        if (n == threads) return;
        if (pool != null) pool.shutdown();
        pool = n == 1 ? null : Executors.newFixedThreadPool(n - 1, r -> {
            Thread t = new Thread(() -> {
                INSIDE.set(true);
                r.run();
            }, "gatelab-kernel");
            t.setDaemon(true);
            return t;
        });
        threads = n;
    }

    public static int threads() {
        return threads;
    }

    /** A range [from, to) of work. */
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) cut into one contiguous range per thread, each a multiple of {@code grain} long
     * (but the last), and returns when all are done.
     */
    public static void forRange(int n, int grain, Range body) {
        int t = threads;
        int chunks = Math.min(t, (n + grain - 1) / grain);
        if (chunks <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        INSIDE.set(true);
        try {
            runSplit(n, chunks, grain, body);
        } finally {
            INSIDE.set(false);
        }
    }

    private static void runSplit(int n, int chunks, int grain, Range body) {
        int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
        List<Future<?>> futures = new ArrayList<>();
        ExecutorService p;
        synchronized (Parallel.class) {
            p = pool;
        }
        for (int c = 1; c < chunks; c++) {
            int from = c * per, to = Math.min(n, from + per);
            if (from < to) futures.add(p.submit(() -> body.run(from, to)));
        }
        body.run(0, Math.min(n, per));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Parallel: interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
