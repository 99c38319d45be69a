package dev.gatelab.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A system the benchmark times Gatelab against in the same run, with the same thread count, the two taking turns a
 * few steps at a time. Each builds a workload as bench_torch.py does (its own initialisation, seed 0, random data) and
 * warms it up on its first request.
 */
interface Peer extends AutoCloseable {
    /** @return the name the tables print, with the version */
    String name();

    /** @return null when this peer runs the workload, else why not (printed in the table) */
    String refuses(Workload w);

    /** @return the times in ms of {@code steps} steps of the workload on {@code threads} threads */
    List<Double> time(Workload w, int threads, int steps) throws Exception;

    @Override
    default void close() throws Exception {}

    /** @return the time in ms of each of {@code steps} runs of {@code step} */
    static List<Double> timed(Runnable step, int steps) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }
}
