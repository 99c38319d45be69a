package dev.gatelab.data;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * N samples of sequences, inputs [N, time, features] (batch first) and targets [N, …] (values for regression, class
 * indices for classification), with optional per-sample lengths. It cuts itself into mini-batches, shuffled with a
 * seeded generator so an epoch's order repeats exactly.
 */
public final class SequenceDataset {
    private final Tensor inputs;
    private final Tensor targets;
    private final int[] lengths;

    private SequenceDataset(Tensor inputs, Tensor targets, int[] lengths) {
        if (inputs.rank() != 3) {
            throw new ArgumentException("SequenceDataset: argument 'inputs' must be [samples, time, features], got "
                    + Shapes.text(inputs.shape()));
        }
        if (targets.rank() == 0 || targets.dim(0) != inputs.dim(0)) {
            throw new ArgumentException("SequenceDataset: argument 'targets' must start with the " + inputs.dim(0)
                    + " samples of the inputs, got shape " + Shapes.text(targets.shape()));
        }
        if (inputs.dim(0) == 0) throw new ArgumentException("SequenceDataset: no samples");
        if (lengths != null && lengths.length != inputs.dim(0)) {
            throw new ArgumentException("SequenceDataset: argument 'lengths' has " + lengths.length
                    + " entries for " + inputs.dim(0) + " samples");
        }
        this.inputs = inputs;
        this.targets = targets;
        this.lengths = lengths;
    }

    /**
     * @param inputs [samples, steps, features]
     * @param targets [samples, …]
     * @return the dataset
     */
    public static SequenceDataset of(Tensor inputs, Tensor targets) {
        return new SequenceDataset(inputs, targets, null);
    }

    /**
     * @param inputs [samples, steps, features]
     * @param targets [samples, …]
     * @param lengths each sample's length in [1, steps]
     * @return the dataset
     */
    public static SequenceDataset of(Tensor inputs, Tensor targets, int[] lengths) {
        return new SequenceDataset(inputs, targets, lengths.clone());
    }

    /**
     * @return the number of samples
     */
    public int size() {
        return inputs.dim(0);
    }

    /**
     * @return the steps of each sample
     */
    public int steps() {
        return inputs.dim(1);
    }

    /**
     * @return the features of each step
     */
    public int features() {
        return inputs.dim(2);
    }

    /**
     * @return [samples, steps, features]
     */
    public Tensor inputs() {
        return inputs;
    }

    /**
     * @return [samples, …]
     */
    public Tensor targets() {
        return targets;
    }

    /**
     * @return the element type of inputs and targets
     */
    public DType dtype() {
        return inputs.dtype();
    }

    /** @return each sample's length (a copy), or null when every sample is full length */
    public int[] lengths() {
        return lengths == null ? null : lengths.clone();
    }

    /**
     * The same samples in another element type (float64 for gradient checks, say); lengths are kept.
     *
     * @param type FLOAT32 or FLOAT64
     * @return this dataset when it is of that type already, else a converted copy
     */
    public SequenceDataset to(DType type) {
        if (type == dtype()) return this;
        return new SequenceDataset(inputs.to(type), targets.to(type), lengths);
    }

    /** @return e.g. {@code SequenceDataset(2000 samples × 40 steps × 2 features → targets [2000, 1], FLOAT32)} */
    @Override
    public String toString() {
        return "SequenceDataset(" + size() + " samples × " + steps() + " steps × " + features() + " features → targets "
                + Shapes.text(targets.shape()) + ", " + dtype() + (lengths == null ? "" : ", with lengths") + ")";
    }

    /**
     * The samples at {@code indices}, in that order.
     *
     * @param indices sample indices
     * @return the samples, as one batch
     */
    public Batch select(int[] indices) {
        int sampleIn = inputs.size() / size(), sampleOut = targets.size() / size();
        int[] inShape = inputs.shape(), outShape = targets.shape();
        inShape[0] = indices.length;
        outShape[0] = indices.length;
        Tensor x = Tensor.zeros(inputs.dtype(), inShape), y = Tensor.zeros(targets.dtype(), outShape);
        int[] lens = lengths == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            Engine.copyRange(inputs, indices[k] * sampleIn, x, k * sampleIn, sampleIn);
            Engine.copyRange(targets, indices[k] * sampleOut, y, k * sampleOut, sampleOut);
            if (lens != null) lens[k] = lengths[indices[k]];
        }
        return new Batch(x, y, lens);
    }

    /**
     * Samples [from, to) as a dataset of their own.
     *
     * @param from the first sample
     * @param to one past the last
     * @return the samples, as a dataset
     */
    public SequenceDataset range(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new ArgumentException("SequenceDataset.range: [" + from + ", " + to + ") is outside 0.." + size());
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        Batch b = select(idx);
        return new SequenceDataset(b.inputs(), b.targets(), b.lengths());
    }

    /**
     * Everything as one batch.
     *
     * @return every sample, in order
     */
    public Batch all() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return select(idx);
    }

    /**
     * Mini-batches of {@code batchSize} (the last may be smaller), in a random order when {@code rng} is given.
     *
     * @param batchSize samples per batch
     * @param rng the shuffling order, or null for the samples' own order
     * @return the batches
     */
    public List<Batch> batches(int batchSize, Rng rng) {
        if (batchSize <= 0) throw new ArgumentException("SequenceDataset: batch size must be positive, got " + batchSize);
        int[] order = rng == null ? identity() : rng.permutation(size());
        List<Batch> out = new ArrayList<>();
        for (int start = 0; start < size(); start += batchSize) {
            int n = Math.min(batchSize, size() - start);
            int[] idx = new int[n];
            System.arraycopy(order, start, idx, 0, n);
            out.add(select(idx));
        }
        return out;
    }

    private int[] identity() {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return idx;
    }
}
