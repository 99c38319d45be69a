package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.train.Losses;
import java.lang.management.ManagementFactory;

/**
 * How the memory of one LSTM training step grows with the sequence length: the bytes it allocates, and the heap it
 * holds between forward and backward (the saved activations), for lengths from 625 to 10,000. Linear growth shows as a
 * constant number of bytes per step in the last columns.
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
        System.out.printf("%8s %16s %16s %14s %14s%n", "steps", "allocated (MB)", "held (MB)", "alloc B/step", "held B/step");
        for (int steps : new int[] {625, 1250, 2500, 5000, 10000}) {
            Rng.manualSeed(1);
            SequenceModel model = SequenceModel.lastStep(LSTM.builder(8, hidden).batchFirst().build(), 1);
            Adam adam = new Adam(model.parameters(), 1e-3);
            Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, batch, steps, 8), y = Tensor.zeros(batch, 1);
            step(model, adam, x, y); // warm-up: optimizer state and JIT
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            long alloc0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            Tensor loss = Losses.mse().compute(model.forward(x), y);
            System.gc();
            long held = rt.totalMemory() - rt.freeMemory() - before;
            loss.backward();
            adam.step();
            model.zeroGrad();
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc0;
            System.out.printf("%8d %16.1f %16.1f %14.0f %14.0f%n", steps, allocated / 1e6, held / 1e6,
                    (double) allocated / steps, (double) held / steps);
        }
    }

    private static void step(SequenceModel model, Adam adam, Tensor x, Tensor y) {
        Losses.mse().compute(model.forward(x), y).backward();
        adam.step();
        model.zeroGrad();
    }
}
