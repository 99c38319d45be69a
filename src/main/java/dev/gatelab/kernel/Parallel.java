package dev.gatelab.kernel;

import dev.gatelab.ArgumentException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The one set of worker threads of Gatelab's kernels, and how many threads they use (1 by default). Work is split into
 * contiguous ranges that each compute whole output elements, so no sum changes its order: results are bit for bit the
 * same whatever the thread count.
 *
 * <p>Why the workers spin: a recurrent layer hands work out a few times a step, every few milliseconds, and waking a
 * parked thread took 44–83 µs here (an executor's queue, measured with two tiny pieces of work), several times what a
 * W1-sized product on one core gains from the second core. So a worker that has finished watches for its next piece
 * for {@link #SPIN_NANOS} before it parks, as OpenMP's and ONNX Runtime's pools do, and the caller watches for the
 * workers to finish rather than parking. A hand-off to a watching worker took 1–3 µs.
 */
public final class Parallel {
    /** How long a worker watches for work before it parks; a core spends at most this after the last piece. */
    static final long SPIN_NANOS = 2_000_000;

    private static int threads = 1;
    private static Worker[] workers = new Worker[0];
    /**
     * Set on the workers, and on a caller while it waits for them: work handed out from inside handed-out work runs
     * where it is, since waiting on the workers from a worker could wait forever.
     */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    /** Held while a caller's work is out with the workers; a second caller meanwhile runs its work itself. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    private Parallel() {}

    /**
     * Uses {@code n} threads (the caller's and n − 1 workers) from now on. Workers once started are kept, parked when
     * idle, so going back and forth between counts starts no threads and keeps each worker's scratch arrays.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new ArgumentException("Parallel.setThreads: the thread count must be at least 1, got " + n);
        if (n - 1 > workers.length) {
            Worker[] more = java.util.Arrays.copyOf(workers, n - 1);
            for (int i = workers.length; i < more.length; i++) {
                more[i] = new Worker();
                more[i].start();
            }
            workers = more;
        }
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
        if (chunks <= 1 || INSIDE.get() || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        INSIDE.set(true);
        try {
            runSplit(n, chunks, grain, body);
        } finally {
            INSIDE.set(false);
            BUSY.set(false);
        }
    }

    private static void runSplit(int n, int chunks, int grain, Range body) {
        int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
        Worker[] ws;
        synchronized (Parallel.class) {
            ws = workers;
        }
        int handed = 0;
        for (int c = 1; c < chunks && c - 1 < ws.length; c++) {
            int from = c * per, to = Math.min(n, from + per);
            if (from >= to) break;
            ws[c - 1].hand(body, from, to);
            handed = c;
        }
        Throwable failure = null;
        try {
            body.run(0, Math.min(n, per));
        } catch (Throwable e) {
            failure = e;
        }
        for (int c = 0; c < handed; c++) {
            Throwable e = ws[c].await();
            if (failure == null) failure = e;
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** A thread that runs one range at a time: handed one, it runs it and says when it is done. */
    private static final class Worker extends Thread {
        private volatile Range body;
        private volatile int from, to;
        /** Written by the worker when its range is done (then body is null again), read by the caller. */
        private volatile Throwable failure;
        private volatile boolean parked;

        Worker() {
            super("gatelab-kernel");
            setDaemon(true);
        }

        /** Gives this worker [from, to) of body; the caller then runs its own part and calls {@link #await}. */
        void hand(Range body, int from, int to) {
            this.from = from;
            this.to = to;
            failure = null;
            this.body = body; // written last: the worker reads from and to after it sees body
            if (parked) LockSupport.unpark(this);
        }

        /** Waits, watching, until the range handed over is done; returns what it threw, or null. */
        Throwable await() {
            long start = System.nanoTime();
            while (body != null) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.parkNanos(50_000); // a long range: stop watching so closely
            }
            return failure;
        }

        @Override
        public void run() {
            INSIDE.set(true);
            while (true) {
                Range b = next();
                try {
                    b.run(from, to);
                } catch (Throwable e) {
                    failure = e;
                }
                body = null;
            }
        }

        /** The next range to run, watched for a while and then waited for parked. */
        private Range next() {
            long start = System.nanoTime();
            while (true) {
                Range b = body;
                if (b != null) return b;
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                // Looked at again after saying so: a hand() that came between sees parked and unparks.
                if (body == null) LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
