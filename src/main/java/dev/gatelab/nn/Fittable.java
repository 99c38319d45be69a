package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.Batch;
import dev.gatelab.data.SequenceDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code Trainer} fits: a {@link Module} that maps a batch of sequences to the predictions its loss compares with
 * the targets. {@link SequenceModel} is one; a model of your own is another once its module implements
 * {@link #forward}:
 *
 * <pre>{@code
 * class TwoHeads extends Module implements Fittable {
 *     public Tensor forward(Tensor input, int[] lengths) { ... }
 * }
 * Trainer.of(new TwoHeads()).loss(Losses.mse()).optimizer(...).fit(train);
 * }</pre>
 *
 * Validation reads predictions in evaluation mode without a graph ({@link #predict}, {@link #evaluate}); carrying the
 * state from batch to batch ({@code Trainer.carryState()}) needs {@link #step}, which only models with a state have.
 */
public interface Fittable {
    /** Samples per batch when predicting or evaluating: memory, not results, depends on it. */
    int EVAL_BATCH = 256;

    /**
     * Runs a padded batch from zero states, with a graph when gradients are on.
     *
     * @param input [batch, time, features]
     * @param lengths each sample's length, or null when all use every step
     * @return the predictions
     */
    Tensor forward(Tensor input, int[] lengths);

    /** @return whether the model is in training mode (as {@link Module#isTraining()}) */
    boolean isTraining();

    /** @return the model, in training mode (as {@link Module#train()}) */
    Module train();

    /** @return the model, in evaluation mode (as {@link Module#eval()}) */
    Module eval();

    /**
     * One chunk of steps from a given state, and the state after it, for {@code Trainer.carryState()}.
     *
     * @param input [batch, time, features]
     * @param state the state the previous chunk ended with, or null for zeros
     * @return the output and the state after the last step
     */
    default SequenceModel.Step step(Tensor input, RecurrentState state) {
        throw new ArgumentException(getClass().getSimpleName() + " does not carry a state from one batch to the next:"
                + " it has no step(input, state); train it without carryState()");
    }

    /**
     * Predictions for one batch in evaluation mode (no dropout), for {@link #predict} and {@link #evaluate}, which run
     * it without a graph. This default switches the model to {@link #eval()} and back, so two threads must not predict
     * with one model at once; a model that can run in evaluation mode without touching its own state overrides it, as
     * {@link SequenceModel} does.
     *
     * @param input [batch, time, features]
     * @param lengths each sample's length, or null
     * @return the predictions
     */
    default Tensor predictBatch(Tensor input, int[] lengths) {
        boolean training = isTraining();
        eval();
        try {
            return forward(input, lengths);
        } finally {
            if (training) train();
        }
    }

    /** @return the run's name where none is given: the History's name and the progress chart's label */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Predictions for every sample of a dataset, in order, in evaluation mode ({@link #predictBatch}) and without a
     * graph.
     *
     * @param data the samples
     * @return [samples, …] in the dataset's order
     */
    default Tensor predict(SequenceDataset data) {
        List<Tensor> parts = new ArrayList<>();
        try (Grad.Scope off = Grad.off()) {
            for (Batch b : data.batches(EVAL_BATCH, null)) parts.add(predictBatch(b.inputs(), b.lengths()));
        }
        if (parts.size() == 1) return parts.get(0);
        int[] shape = parts.get(0).shape();
        int last = shape[shape.length - 1];
        Tensor flat = Ops.concat(0, parts.stream().map(p -> p.reshape(-1, last)).toArray(Tensor[]::new));
        shape[0] = data.size();
        return flat.reshape(shape);
    }

    /**
     * The mean loss over every sample of a dataset, in evaluation mode ({@link #predictBatch}) and without a graph.
     *
     * @param data the samples and their targets
     * @param loss a loss with mean reduction (as the {@link Losses} are)
     * @return the loss averaged over the samples
     */
    default double evaluate(SequenceDataset data, Loss loss) {
        double sum = 0;
        try (Grad.Scope off = Grad.off()) {
            for (Batch b : data.batches(EVAL_BATCH, null)) {
                sum += loss.forward(predictBatch(b.inputs(), b.lengths()), b.targets()).item() * b.size();
            }
        }
        return sum / data.size();
    }
}
