package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.nn.Losses;
import java.lang.management.ManagementFactory;

/**
 * How the memory of one LSTM training step grows with the sequence length: the bytes it allocates, and the heap it
 * holds between forward and backward (the saved activations), for lengths from 625 to 10,000. Linear growth shows as a
 * constant number of bytes per step in the last columns. The first step at a length takes its saved activations and
 * scratch arrays fresh; the next reuses them (the recurrence allocates nothing per step), and what it allocates is the
 * layer's output sequence, its gradient and their copies.
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Dexec.mainClass=dev.gatelab.bench.LongSequenceMemory}
 */
public final class LongSequenceMemory {
    private LongSequenceMemory() {}

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Runtime rt = Runtime.getRuntime();
        int batch = 8, hidden = 64;
        System.out.printf("LSTM(8, %d), batch %d, one training step (forward, backward, Adam); %s%n", hidden, batch,
                Runtime.version());
        System.out.printf("%8s %16s %16s %14s %14s %16s%n", "steps", "allocated (MB)", "held (MB)", "alloc B/step",
                "held B/step", "next: B/step");
        // The JIT first: until the vector kernels are compiled they run as slow, allocating Java code.
        Rng.manualSeed(1);
        SequenceModel warm = SequenceModel.lastStep(LSTM.builder(8, hidden).batchFirst().build(), 1);
        Adam warmAdam = new Adam(warm.parameters(), 1e-3);
        Tensor wx = Tensor.randn(new Rng(2), DType.FLOAT32, batch, 100, 8), wy = Tensor.zeros(batch, 1);
        for (int i = 0; i < 200; i++) step(warm, warmAdam, wx, wy);
        for (int steps : new int[] {625, 1250, 2500, 5000, 10000}) {
            Rng.manualSeed(1);
            SequenceModel model = SequenceModel.lastStep(LSTM.builder(8, hidden).batchFirst().build(), 1);
            Adam adam = new Adam(model.parameters(), 1e-3);
            Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, batch, steps, 8), y = Tensor.zeros(batch, 1);
            // No warm-up at this length: the saved activations are then taken fresh, and counted in both columns.
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            long alloc0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            Tensor loss = Losses.mse().forward(model.forward(x), y);
            System.gc();
            long held = rt.totalMemory() - rt.freeMemory() - before;
            loss.backward();
            adam.step();
            model.zeroGrad();
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc0;
            // The next step reuses the saved-activation tensors and scratch arrays: what it allocates is the
            // output sequence, its gradient and their copies.
            long alloc1 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            step(model, adam, x, y);
            long next = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc1;
            System.out.printf("%8d %16.1f %16.1f %14.0f %14.0f %16.0f%n", steps, allocated / 1e6, held / 1e6,
                    (double) allocated / steps, (double) held / steps, (double) next / steps);
        }
    }

    private static void step(SequenceModel model, Adam adam, Tensor x, Tensor y) {
        Losses.mse().forward(model.forward(x), y).backward();
        adam.step();
        model.zeroGrad();
    }
}
