package dev.gatelab.train;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.Batch;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.nn.Module;
import dev.gatelab.nn.SequenceLayer;
import dev.gatelab.optim.GradClip;
import dev.gatelab.optim.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a model, configured in one sentence:
 *
 * <pre>{@code
 * History history = Trainer.of(model)
 *         .loss(Losses.mse())
 *         .optimizer(new Adam(model.parameters(), 0.01))
 *         .clipGradNorm(1.0)
 *         .epochs(30).batchSize(32).seed(7)
 *         .validation(test)
 *         .callbacks(new EarlyStopping(5))
 *         .fit(train);
 * }</pre>
 *
 * Each step: forward, loss, backward, a check that the loss and every gradient are finite, clipping, the optimizer's
 * update. A non-finite value stops training with an error naming the epoch, the step and the first parameter at fault,
 * before the update, so the model keeps its last good weights; {@link #skipNonFinite()} skips such batches instead.
 */
public final class Trainer {
    private static Progress defaultProgress = Progress.CONSOLE;

    private final Module module;
    private final SequenceLayer model;
    private Loss loss;
    private Optimizer optimizer;
    private double clipNorm = Double.NaN, clipValue = Double.NaN;
    private int epochs = 10, batchSize = 32;
    private long seed = 0;
    private SequenceDataset validation;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private Progress progress;
    private boolean skipNonFinite;
    private boolean stopRequested;
    private int skippedBatches;

    private <M extends Module & SequenceLayer> Trainer(M model) {
        this.module = model;
        this.model = model;
    }

    public static <M extends Module & SequenceLayer> Trainer of(M model) {
        return new Trainer(model);
    }

    /** Where fits report when none is set with {@link #progress}; the notebook support sets a live display. */
    public static void setDefaultProgress(Progress p) {
        defaultProgress = p;
    }

    public Trainer loss(Loss l) {
        this.loss = l;
        return this;
    }

    public Trainer optimizer(Optimizer o) {
        this.optimizer = o;
        return this;
    }

    /** Scales gradients so their global norm is at most {@code maxNorm}. */
    public Trainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new ArgumentException("Trainer: clipGradNorm must be positive, got " + maxNorm);
        this.clipNorm = maxNorm;
        return this;
    }

    /** Clamps each gradient element to [−limit, limit]. */
    public Trainer clipGradValue(double limit) {
        if (!(limit > 0)) throw new ArgumentException("Trainer: clipGradValue must be positive, got " + limit);
        this.clipValue = limit;
        return this;
    }

    public Trainer epochs(int n) {
        if (n <= 0) throw new ArgumentException("Trainer: epochs must be positive, got " + n);
        this.epochs = n;
        return this;
    }

    public Trainer batchSize(int n) {
        if (n <= 0) throw new ArgumentException("Trainer: batchSize must be positive, got " + n);
        this.batchSize = n;
        return this;
    }

    /** The seed of the shuffling order: the same seed and data give the same History. */
    public Trainer seed(long s) {
        this.seed = s;
        return this;
    }

    public Trainer validation(SequenceDataset data) {
        this.validation = data;
        return this;
    }

    /** A number computed on the validation data after each epoch, recorded as val_NAME. */
    public Trainer metric(String name, Metric m) {
        metrics.put(name, m);
        return this;
    }

    public Trainer callbacks(Callback... cs) {
        callbacks.addAll(List.of(cs));
        return this;
    }

    public Trainer progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Skip a batch whose loss or gradients are not finite, instead of stopping. */
    public Trainer skipNonFinite() {
        this.skipNonFinite = true;
        return this;
    }

    /** Asks the loop to stop after the current epoch (what EarlyStopping does). */
    public void requestStop() {
        stopRequested = true;
    }

    public Module model() {
        return module;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Batches skipped for non-finite values in the last fit. */
    public int skippedBatches() {
        return skippedBatches;
    }

    public History fit(SequenceDataset train) {
        if (loss == null) throw new IllegalStateException("Trainer: no loss set; call .loss(Losses.mse()) or similar");
        if (optimizer == null) throw new IllegalStateException("Trainer: no optimizer set; call .optimizer(new Adam(model.parameters(), 1e-3))");
        Progress report = progress != null ? progress : defaultProgress;
        History history = new History("history", metrics.keySet().toArray(new String[0]));
        Rng shuffle = new Rng(seed);
        stopRequested = false;
        skippedBatches = 0;
        callbacks.forEach(c -> c.onTrainBegin(this));
        long start = System.nanoTime();
        try {
            for (int epoch = 1; epoch <= epochs && !stopRequested; epoch++) {
                long epochStart = System.nanoTime();
                double lr = optimizer.lr();
                double[] sums = runEpoch(train, shuffle, epoch);
                double valLoss = Double.NaN;
                double[] metricValues = new double[metrics.size()];
                if (validation != null) valLoss = evaluate(validation, metricValues);
                history.append(epoch, sums[0], valLoss, metricValues, lr, sums[1],
                        (System.nanoTime() - epochStart) / 1e9);
                for (Callback c : callbacks) c.onEpochEnd(this, history);
                double perEpoch = (System.nanoTime() - start) / 1e9 / epoch;
                report.epoch(history, epochs, stopRequested ? 0 : perEpoch * (epochs - epoch));
            }
        } finally {
            report.done(history);
        }
        callbacks.forEach(c -> c.onTrainEnd(this, history));
        return history;
    }

    /** One pass over the data; returns {mean loss, mean gradient norm}. */
    private double[] runEpoch(SequenceDataset train, Rng shuffle, int epoch) {
        module.train();
        double lossSum = 0, normSum = 0;
        int seen = 0, steps = 0, step = 0;
        for (Batch batch : train.batches(batchSize, shuffle)) {
            step++;
            module.zeroGrad();
            Tensor l = loss.compute(model.forward(batch.inputs(), batch.lengths()), batch.targets());
            double value = l.item();
            if (!Double.isFinite(value)) {
                if (skip()) continue;
                throw new NonFiniteException("Trainer: the loss is " + value + " at epoch " + epoch + ", step " + step
                        + "; the model keeps the weights of the step before");
            }
            l.backward();
            String bad = firstNonFiniteGradient();
            if (bad != null) {
                if (skip()) continue;
                throw new NonFiniteException("Trainer: the gradient of parameter '" + bad + "' is not finite at epoch "
                        + epoch + ", step " + step + "; the model keeps the weights of the step before");
            }
            double norm = GradClip.globalNorm(module.parameters());
            if (!Double.isNaN(clipNorm)) GradClip.byNorm(module.parameters(), clipNorm);
            if (!Double.isNaN(clipValue)) GradClip.byValue(module.parameters(), clipValue);
            optimizer.step();
            lossSum += value * batch.size();
            normSum += norm;
            seen += batch.size();
            steps++;
        }
        return new double[] {seen == 0 ? Double.NaN : lossSum / seen, steps == 0 ? Double.NaN : normSum / steps};
    }

    private boolean skip() {
        if (!skipNonFinite) return false;
        skippedBatches++;
        module.zeroGrad();
        return true;
    }

    private String firstNonFiniteGradient() {
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) continue;
            if (g.firstNonFinite() >= 0) return e.getKey();
        }
        return null;
    }

    /** The loss (and metrics) on {@code data}, in eval mode and without a graph. */
    public double evaluate(SequenceDataset data, double[] metricValues) {
        module.eval();
        try (Grad.Scope off = Grad.off()) {
            double sum = 0;
            int n = 0;
            List<Tensor> predictions = new ArrayList<>(), targets = new ArrayList<>();
            for (Batch b : data.batches(Math.max(batchSize, 256), null)) {
                Tensor p = model.forward(b.inputs(), b.lengths());
                sum += loss.compute(p, b.targets()).item() * b.size();
                n += b.size();
                predictions.add(p);
                targets.add(b.targets());
            }
            int k = 0;
            for (Metric m : metrics.values()) {
                double total = 0;
                for (int i = 0; i < predictions.size(); i++) total += m.compute(predictions.get(i), targets.get(i)) * predictions.get(i).dim(0);
                metricValues[k++] = total / n;
            }
            return sum / n;
        } finally {
            module.train();
        }
    }

    /** The model's predictions for every sample of {@code data}, in eval mode. */
    public Tensor predict(SequenceDataset data) {
        module.eval();
        try (Grad.Scope off = Grad.off()) {
            Batch all = data.all();
            return model.forward(all.inputs(), all.lengths());
        } finally {
            module.train();
        }
    }
}
