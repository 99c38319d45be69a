package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.Batch;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Linear;
import dev.gatelab.nn.Loss;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.optim.GradClip;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where W3's training step (notebook 04's) spends its time, phase by phase, as the Trainer runs them: taking the batch
 * from the dataset, the forward pass (of which the head alone, timed apart on the same rows), the loss, backward (of
 * which the head's and the loss's, timed apart on a detached copy of the hidden states), clipping, and the optimizer's
 * step as a transaction (every new value computed and checked, then written). Medians of 15 steps after 15 of warm-up, on the given thread count.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp ... dev.gatelab.bench.CharModelProfile [threads]}
 */
public final class CharModelProfile {
    private CharModelProfile() {}

    public static void main(String[] args) {
        print(Workload.ALL.stream().filter(Workload::charModel).findFirst().orElseThrow(),
                args.length > 0 ? Integer.parseInt(args[0]) : 1);
    }

    static void print(Workload w, int threads) {
        Parallel.setThreads(threads);
        SequenceModel model = model(w);
        Adam adam = new Adam(model.parameters(), 0.005);
        Loss loss = Losses.crossEntropy();
        Rng rng = new Rng(2);
        SequenceDataset data = oneBatch(w);
        Linear head = model.head();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        SequenceModel.Step[] carried = {null};
        for (int step = 0; step < 30; step++) {
            boolean timed = step >= 15;
            long t0 = System.nanoTime();
            Batch batch = data.batches(w.batch(), null).get(0);
            long t1 = System.nanoTime();
            model.zeroGrad();
            SequenceModel.Step s = model.step(batch.inputs(), carried[0] == null ? null : carried[0].state());
            carried[0] = s.detached();
            long t2 = System.nanoTime();
            Tensor l = loss.forward(s.output(), batch.targets());
            l.item();
            long t3 = System.nanoTime();
            l.backward();
            long t4 = System.nanoTime();
            GradClip.globalNorm(model.parameters());
            GradClip.byNorm(model.parameters(), 5);
            long t5 = System.nanoTime();
            adam.stepIfFinite();
            long t6 = System.nanoTime();
            // The head and the loss alone, forward and backward, on rows like the layers' (time-major, detached).
            Tensor rows = Tensor.randn(rng, w.dtype(), w.batch() * w.steps(), w.hidden()).requiresGrad(true);
            long h0 = System.nanoTime();
            Tensor logits = head.forward(rows);
            long h1 = System.nanoTime();
            Tensor headLoss = loss.forward(logits.reshape(w.batch(), w.steps(), w.input()), batch.targets());
            long h2 = System.nanoTime();
            headLoss.backward();
            long h3 = System.nanoTime();
            head.zeroGrad();
            if (!timed) continue;
            record(ms, "batch from the dataset", t1 - t0);
            record(ms, "forward, all", t2 - t1);
            record(ms, "  of which the head", h1 - h0);
            record(ms, "loss (log-softmax, pick, mean)", t3 - t2);
            record(ms, "backward, all", t4 - t3);
            record(ms, "  of which the head and the loss", h3 - h2);
            record(ms, "clipping (norm, scale)", t5 - t4);
            record(ms, "optimizer (Adam: check, then commit)", t6 - t5);
            record(ms, "whole step", t6 - t0);
        }
        System.out.printf("%nW3's step by phase, %d thread(s), median of 15 (ms):%n", threads);
        ms.forEach((phase, list) -> System.out.printf("  %-34s %8.2f%n", phase, RecurrentBenchmark.stats(list)[0]));
        Parallel.setThreads(1);
    }

    /** W3's model, seeded: the LSTM and a head over the characters at every step. */
    static SequenceModel model(Workload w) {
        Rng.manualSeed(0);
        return SequenceModel.everyStep(LSTM.builder(w.input(), w.hidden()).batchFirst().build(), w.input());
    }

    /** One batch of W3's streams: random one-hot characters, and random characters to predict. */
    static SequenceDataset oneBatch(Workload w) {
        Rng rng = new Rng(1);
        Tensor x = Tensor.zeros(w.dtype(), w.batch(), w.steps(), w.input()), y = Tensor.zeros(w.dtype(), w.batch(), w.steps());
        for (int i = 0; i < w.batch() * w.steps(); i++) {
            x.set(i * w.input() + (int) (rng.uniform() * w.input()), 1);
            y.set(i, (int) (rng.uniform() * w.input()));
        }
        return SequenceDataset.of(x, y);
    }

    private static void record(Map<String, List<Double>> ms, String phase, long nanos) {
        ms.computeIfAbsent(phase, k -> new ArrayList<>()).add(nanos / 1e6);
    }
}
