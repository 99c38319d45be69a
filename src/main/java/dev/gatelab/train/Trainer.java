package dev.gatelab.train;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.Batch;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.nn.Fittable;
import dev.gatelab.nn.Loss;
import dev.gatelab.nn.Module;
import dev.gatelab.nn.RecurrentState;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.GradClip;
import dev.gatelab.optim.LRScheduler;
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
 *         .validation(valid)
 *         .scheduler(new StepLR(adam, 10, 0.5))
 *         .callbacks(new EarlyStopping(5))
 *         .fit(train);
 * }</pre>
 *
 * Each step: forward, loss, backward, a check that the loss and every gradient are finite, clipping, and the
 * optimizer's update as a transaction ({@link Optimizer#stepIfFinite()}: written only if every new weight and
 * optimizer moment is finite). A non-finite value stops
 * training with an error naming the epoch, the step and the first parameter at fault, and the model and optimizer
 * keep the state they had before that step; {@link #skipNonFinite()} skips such batches instead.
 *
 * <p>The value that early stopping, checkpoints and schedules watch is chosen here, once ({@link #monitor}):
 * val_loss when there is validation data, else train_loss.
 *
 * <p>Interrupting a fit (a notebook's stop button interrupts the thread) ends it after the current step: the model
 * keeps the weights of the last whole step, and the History so far is returned, and kept in {@link #lastHistory()}.
 */
public final class Trainer {
    private static volatile History lastHistory;

    /** The model as a Module (parameters, modes) and as what maps batches to predictions: one object, two views. */
    private final Module model;
    private final Fittable fittable;
    private Loss loss;
    private Optimizer optimizer;
    private double clipNorm = Double.NaN, clipValue = Double.NaN;
    private int epochs = 10, batchSize = 32;
    private long seed = 0;
    private SequenceDataset validation;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private LRScheduler scheduler;
    private String monitor;
    private String name;
    private Progress progress;
    /** The display of the fit under way or last made: the one set with {@link #progress}, else this fit's own. */
    private Progress reporting;
    private boolean skipNonFinite, carryState;
    private boolean stopRequested;
    private int skippedBatches;
    private History history;

    private Trainer(Module model, Fittable fittable) {
        this.model = model;
        this.fittable = fittable;
    }

    /**
     * Starts the configuration of a fit.
     *
     * @param model the model to train: a {@link SequenceModel}, or any {@link Module} of yours that is {@link Fittable}
     * @param <M> the model's type
     * @return a trainer with 10 epochs of batches of 32, and no loss or optimizer yet
     */
    public static <M extends Module & Fittable> Trainer of(M model) {
        if (model == null) throw new ArgumentException("Trainer.of: the model is null");
        return new Trainer(model, model);
    }

    /** @return the History of the last fit on this thread or any other, even one that was interrupted; or null */
    public static History lastHistory() {
        return lastHistory;
    }

    /**
     * @param l what to minimise
     * @return this trainer
     */
    public Trainer loss(Loss l) {
        this.loss = l;
        return this;
    }

    /**
     * @param o the optimizer, built on this model's parameters
     * @return this trainer
     */
    public Trainer optimizer(Optimizer o) {
        this.optimizer = o;
        return this;
    }

    /**
     * Scales gradients so their global norm is at most {@code maxNorm}.
     *
     * @param maxNorm a positive norm
     * @return this trainer
     */
    public Trainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new ArgumentException("Trainer: clipGradNorm must be positive and finite, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /**
     * Clamps each gradient element to [−limit, limit].
     *
     * @param limit a positive bound
     * @return this trainer
     */
    public Trainer clipGradValue(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new ArgumentException("Trainer: clipGradValue must be positive and finite, got " + limit);
        }
        this.clipValue = limit;
        return this;
    }

    /**
     * @param n the number of passes over the training data, at least 1
     * @return this trainer
     */
    public Trainer epochs(int n) {
        if (n <= 0) throw new ArgumentException("Trainer: epochs must be positive, got " + n);
        this.epochs = n;
        return this;
    }

    /**
     * @param n samples per step, at least 1
     * @return this trainer
     */
    public Trainer batchSize(int n) {
        if (n <= 0) throw new ArgumentException("Trainer: batchSize must be positive, got " + n);
        this.batchSize = n;
        return this;
    }

    /**
     * The seed of the shuffling order: the same seed and data give the same History.
     *
     * @param s any number
     * @return this trainer
     */
    public Trainer seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * Data the loss (and metrics) are measured on after each epoch, as val_loss.
     *
     * @param data samples kept out of training
     * @return this trainer
     */
    public Trainer validation(SequenceDataset data) {
        this.validation = data;
        return this;
    }

    /**
     * A number computed on the validation data after each epoch, recorded as val_NAME.
     *
     * @param name the column's name after "val_"
     * @param m the metric
     * @return this trainer
     */
    public Trainer metric(String name, Metric m) {
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9_]+")) {
            throw new ArgumentException("Trainer.metric: a metric's name becomes the History column val_NAME, saved with"
                    + " every checkpoint; use letters, digits and '_', got " + (name == null ? "null" : "'" + name + "'"));
        }
        metrics.put(name, m);
        return this;
    }

    /**
     * @param cs what to call after every epoch ({@link EarlyStopping}, {@link dev.gatelab.io.Checkpoint}, your own)
     * @return this trainer
     */
    public Trainer callbacks(Callback... cs) {
        callbacks.addAll(List.of(cs));
        return this;
    }

    /**
     * A learning-rate schedule, stepped after every epoch with the monitored value.
     *
     * @param s the schedule, built on this trainer's optimizer
     * @return this trainer
     */
    public Trainer scheduler(LRScheduler s) {
        this.scheduler = s;
        return this;
    }

    /**
     * The History column that early stopping, checkpoints and schedules watch. Which way it improves comes from what
     * the column holds: a loss goes down; a metric's column (val_NAME) goes the way its {@link Metric#goal()} says, so
     * {@code monitor("val_accuracy")} with {@link Metric#accuracy()} keeps the most accurate epoch.
     *
     * @param column "train_loss", "val_loss" or val_NAME of a {@link #metric}; by default val_loss with validation
     *     data, else train_loss
     * @return this trainer
     */
    public Trainer monitor(String column) {
        this.monitor = column;
        return this;
    }

    /**
     * The run's name: the History's name and the label of the live progress chart.
     *
     * @param runName e.g. "LSTM"; by default the recurrent layer's kind
     * @return this trainer
     */
    public Trainer name(String runName) {
        this.name = runName;
        return this;
    }

    /**
     * @param p where each epoch is reported
     * @return this trainer
     */
    public Trainer progress(Progress p) {
        this.progress = p;
        return this;
    }

    /**
     * Reports nothing while fitting (notes such as early stopping are still kept in the History).
     *
     * @return this trainer
     */
    public Trainer quiet() {
        return progress(Progress.SILENT);
    }

    /**
     * Skips a batch whose loss, gradients or update are not finite, instead of stopping.
     *
     * @return this trainer
     */
    public Trainer skipNonFinite() {
        this.skipNonFinite = true;
        return this;
    }

    /**
     * Truncated backpropagation through time over one long sequence: batches are taken in order, not shuffled, and
     * each starts from the state the previous one ended with, cut from the graph so backward stays within a batch.
     * The data must be laid out in streams, as {@code CharVocabulary.streams} does, with the batch size equal to the
     * number of streams. The state starts at zero every epoch.
     *
     * @return this trainer
     */
    public Trainer carryState() {
        this.carryState = true;
        return this;
    }

    /** Asks the loop to stop after the current epoch (what EarlyStopping does). */
    public void requestStop() {
        stopRequested = true;
    }

    /** @return the model being trained */
    public Module model() {
        return model;
    }

    /** @return the optimizer */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return batches skipped for non-finite values in the last fit */
    public int skippedBatches() {
        return skippedBatches;
    }

    /**
     * The value watched by early stopping, checkpoints and schedules, in the History's last epoch.
     *
     * @param h the History so far
     * @return the monitored column's last value
     */
    public double monitored(History h) {
        return h.last(monitoredColumn());
    }

    /** @return the column watched: the one set with {@link #monitor}, else val_loss with validation data, else train_loss */
    public String monitoredColumn() {
        return monitor != null ? monitor : validation != null ? "val_loss" : "train_loss";
    }

    /**
     * @return which way the monitored column improves: down for a loss, the metric's own {@link Metric#goal()} for
     *     val_NAME
     */
    public Goal monitoredGoal() {
        String column = monitoredColumn();
        Metric m = column.startsWith("val_") ? metrics.get(column.substring(4)) : null;
        if (m != null) return m.goal();
        if (History.LOSS_AND_STEP_COLUMNS.contains(column)) return Goal.MINIMIZE;   // losses, the rate, the norm, time
        throw new ArgumentException("Trainer: monitor '" + column + "' is no column this fit writes; expected one of "
                + History.LOSS_AND_STEP_COLUMNS + metrics.keySet().stream().map(k -> ", val_" + k).reduce("", String::concat));
    }

    /**
     * Adds a line to the History's notes and shows it where progress is reported.
     *
     * @param line what happened
     */
    public void note(String line) {
        if (history != null) history.note(line);
        report().message(line);
    }

    private Progress report() {
        return reporting != null ? reporting : progress != null ? progress : Progress.CONSOLE;
    }

    /**
     * Trains the model.
     *
     * @param train the training samples
     * @return one row per epoch; also kept in {@link #lastHistory()}
     */
    public History fit(SequenceDataset train) {
        if (loss == null) throw new ArgumentException("Trainer: no loss set; call .loss(Losses.mse()) or similar");
        if (optimizer == null) {
            throw new ArgumentException("Trainer: no optimizer set; call .optimizer(new Adam(model.parameters(), 1e-3))");
        }
        if (monitor != null && !monitor.equals("train_loss") && validation == null) {
            throw new ArgumentException("Trainer: monitor '" + monitor + "' needs validation data; call .validation(…)");
        }
        Goal goal = monitoredGoal();
        if (scheduler instanceof dev.gatelab.optim.ReduceLROnPlateau plateau && plateau.maximizes() != (goal == Goal.MAXIMIZE)) {
            throw new ArgumentException("Trainer: the ReduceLROnPlateau schedule waits for " + monitoredColumn() + " to "
                    + (plateau.maximizes() ? "rise" : "fall") + ", but it " + (goal == Goal.MAXIMIZE ? "rises" : "falls")
                    + " as it improves; build the schedule with" + (goal == Goal.MAXIMIZE ? " .maximize()" : "out .maximize()"));
        }
        java.util.Set<Tensor> own = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        own.addAll(model.parameters());
        long foreign = optimizer.parameters().stream().filter(p -> !own.contains(p)).count();
        if (foreign > 0) {
            String kind = optimizer.getClass().getSimpleName();
            throw new ArgumentException("Trainer: the optimizer (" + kind + ") updates " + foreign + " of its "
                    + optimizer.parameters().size() + " tensors that are not parameters of the model being trained, "
                    + model + ": it was built on another model's parameters (re-running the cell that builds the model"
                    + " does this) and would train nothing here. Build it on this model: new " + kind
                    + "(model.parameters(), lr)");
        }
        int[] lengths = train.lengths();
        if (carryState && lengths != null) {
            for (int i = 0; i < lengths.length; i++) {
                if (lengths[i] < train.steps()) {
                    throw new ArgumentException("Trainer: carryState carries each stream's state from the end of one chunk"
                            + " into the next, but sample " + i + " has length " + lengths[i] + " of " + train.steps()
                            + " steps: its state would come from padding. Give full-length streams (CharVocabulary.streams),"
                            + " or train without carryState");
                }
            }
        }
        if (carryState && train.size() % batchSize != 0) {
            throw new ArgumentException("Trainer: carryState needs whole batches of the streams, but " + train.size()
                    + " samples do not divide into batches of " + batchSize);
        }
        if (validation != null) {
            // One batch of the validation data through the model and the loss now, so data that do not fit fail
            // before the first step rather than after a whole epoch.
            SequenceDataset first = validation.range(0, Math.min(validation.size(), batchSize));
            try (Grad.Scope off = Grad.off()) {
                loss.forward(fittable.predict(first), first.targets());
            } catch (ArgumentException e) {
                throw new ArgumentException("Trainer: the validation data do not fit the model and loss: " + e.getMessage());
            }
        }
        reporting = progress != null ? progress : ProgressDisplays.forThisFit();
        Progress report = reporting;
        history = History.create(name != null ? name : fittable.name(), metrics.keySet().toArray(new String[0]));
        lastHistory = history;
        Rng shuffle = new Rng(seed);
        stopRequested = false;
        skippedBatches = 0;
        callbacks.forEach(c -> c.onTrainBegin(this));
        long start = System.nanoTime();
        boolean interrupted = false;
        try {
            for (int epoch = 1; epoch <= epochs && !stopRequested; epoch++) {
                long epochStart = System.nanoTime();
                double lr = optimizer.lr();
                double[] sums = runEpoch(train, shuffle, epoch);
                if (sums == null) {
                    interrupted = true;
                    break;
                }
                double valLoss = Double.NaN;
                double[] metricValues = new double[metrics.size()];
                if (validation != null) valLoss = evaluate(validation, metricValues);
                history.append(epoch, sums[0], valLoss, metricValues, lr, sums[1],
                        (System.nanoTime() - epochStart) / 1e9);
                for (Callback c : callbacks) c.onEpochEnd(this, history);
                if (scheduler != null) scheduler.step(monitored(history));
                double perEpoch = (System.nanoTime() - start) / 1e9 / epoch;
                report.epoch(history, epochs, stopRequested ? 0 : perEpoch * (epochs - epoch));
            }
        } finally {
            report.done(history);
        }
        if (skippedBatches > 0) note("skipped " + skippedBatches + " batches whose loss, gradients or update were not finite");
        if (!interrupted) callbacks.forEach(c -> c.onTrainEnd(this, history));
        return history;
    }

    /** One pass over the data; returns {mean loss, mean gradient norm}, or null when the thread was interrupted. */
    private double[] runEpoch(SequenceDataset train, Rng shuffle, int epoch) {
        model.train();
        double lossSum = 0, normSum = 0;
        int seen = 0, steps = 0, step = 0;
        RecurrentState carried = null;
        for (Batch batch : train.batches(batchSize, carryState ? null : shuffle)) {
            if (Thread.currentThread().isInterrupted()) {
                note("interrupted in epoch " + epoch + " before step " + (step + 1) + ": the model keeps the weights of"
                        + " the last whole step, and the History holds the " + history.epochs()
                        + " whole epochs (also in Trainer.lastHistory())");
                return null;
            }
            step++;
            model.zeroGrad();
            Tensor prediction;
            if (carryState) {
                SequenceModel.Step s = fittable.step(batch.inputs(), carried);
                prediction = s.output();
                carried = s.state().detached();
            } else {
                prediction = fittable.forward(batch.inputs(), batch.lengths());
            }
            Tensor l = loss.forward(prediction, batch.targets());
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
            double norm = GradClip.globalNorm(model.parameters());
            if (!Double.isNaN(clipNorm)) GradClip.byNorm(model.parameters(), clipNorm);
            if (!Double.isNaN(clipValue)) GradClip.byValue(model.parameters(), clipValue);
            Optimizer.Rejection rejected = optimizer.stepIfFinite();
            if (rejected != null) {
                if (skip()) continue;
                throw new NonFiniteException("Trainer: the update at epoch " + epoch + ", step " + step + " would have"
                        + " made " + describe(rejected) + " non-finite (is the learning rate " + optimizer.lr()
                        + " too large?); the model and the optimizer keep the state of the step before");
            }
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
        model.zeroGrad();
        return true;
    }

    /** The first parameter whose gradient is not finite, or null. */
    private String firstNonFiniteGradient() {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            if (g != null && Engine.firstNonFinite(g) >= 0) return e.getKey();
        }
        return null;
    }

    /** "'lstm.weight_hh_l0'" or "the optimizer's exp_avg of 'lstm.weight_hh_l0'": the model's name for it. */
    private String describe(Optimizer.Rejection r) {
        Tensor p = optimizer.parameters().get(r.parameter());
        String name = model.namedParameters().entrySet().stream().filter(e -> e.getValue() == p).map(Map.Entry::getKey)
                .findFirst().orElse("parameter " + r.parameter());
        return r.value().equals("param") ? "'" + name + "'" : "the optimizer's " + r.value() + " of '" + name + "'";
    }

    /** The loss (and metrics) on {@code data}, in eval mode and without a graph. */
    private double evaluate(SequenceDataset data, double[] metricValues) {
        if (metrics.isEmpty()) return fittable.evaluate(data, loss);
        Tensor predictions = fittable.predict(data);
        int k = 0;
        for (Metric m : metrics.values()) metricValues[k++] = m.compute(predictions, data.targets());
        try (Grad.Scope off = Grad.off()) {
            return loss.forward(predictions, data.targets()).item();
        }
    }
}
