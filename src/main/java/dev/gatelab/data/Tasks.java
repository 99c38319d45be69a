package dev.gatelab.data;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** Generators for the classic tests of long-range memory, at any length. */
public final class Tasks {
    private Tasks() {}

    /**
     * Noisy sine waves of random phase and frequency: inputs are {@code length} samples, the target the next clean
     * value. Inputs [n, length, 1], targets [n, 1].
     *
     * @param n samples
     * @param length steps of each input
     * @param noise the standard deviation of the noise
     * @param rng the generator
     * @return the dataset
     */
    public static SequenceDataset noisySine(int n, int length, double noise, Rng rng) {
        Tensor x = Tensor.zeros(DType.FLOAT32, n, length, 1), y = Tensor.zeros(DType.FLOAT32, n, 1);
        for (int i = 0; i < n; i++) {
            double phase = rng.uniform(0, 2 * Math.PI), freq = rng.uniform(0.05, 0.2);
            for (int t = 0; t < length; t++) x.set(i * length + t, Math.sin(phase + freq * t) + noise * rng.normal());
            y.set(i, Math.sin(phase + freq * length));
        }
        return SequenceDataset.of(x, y);
    }

    /**
     * The adding problem (Hochreiter and Schmidhuber 1997): each step carries a value from U(0, 1) and a marker; two
     * steps are marked, one in each half, and the target is the sum of their values. Inputs [n, length, 2] (value,
     * marker), targets [n, 1]. Always answering the mean, 1, scores an MSE of Var(U+U) = 1/6 ≈ 0.167: a model must beat
     * that to have remembered anything.
     *
     * @param n samples
     * @param length steps of each sequence
     * @param rng the generator
     * @return the dataset
     */
    public static SequenceDataset addingProblem(int n, int length, Rng rng) {
        if (length < 2) throw new ArgumentException("addingProblem: length must be at least 2, got " + length);
        Tensor x = Tensor.zeros(DType.FLOAT32, n, length, 2), y = Tensor.zeros(DType.FLOAT32, n, 1);
        for (int i = 0; i < n; i++) {
            int half = length / 2;
            int a = rng.nextInt(half), b = half + rng.nextInt(length - half);
            double sum = 0;
            for (int t = 0; t < length; t++) {
                double v = rng.uniform();
                x.set((i * length + t) * 2, v);
                if (t == a || t == b) {
                    x.set((i * length + t) * 2 + 1, 1);
                    sum += v;
                }
            }
            y.set(i, sum);
        }
        return SequenceDataset.of(x, y);
    }

    /** The MSE of always predicting the mean of the adding problem's target: 1/6. */
    public static final double ADDING_BASELINE_MSE = 1.0 / 6;

    /**
     * The copy task (Arjovsky, Shah and Bengio 2016): {@code symbols} random symbols from 1..{@code alphabet}, then
     * {@code delay} blanks (0), then a delimiter ({@code alphabet + 1}) and blanks while the model must repeat the
     * symbols. Inputs one-hot [n, T, alphabet + 2] with T = delay + 2·symbols, targets class indices [n, T]: blank
     * everywhere but the last {@code symbols} steps.
     *
     * @param n samples
     * @param delay blanks between the symbols and the delimiter, plus one
     * @param symbols symbols to copy
     * @param alphabet the number of distinct symbols
     * @param rng the generator
     * @return the dataset
     */
    public static SequenceDataset copyTask(int n, int delay, int symbols, int alphabet, Rng rng) {
        int steps = delay + 2 * symbols, width = alphabet + 2;
        Tensor x = Tensor.zeros(DType.FLOAT32, n, steps, width), y = Tensor.zeros(DType.FLOAT32, n, steps);
        for (int i = 0; i < n; i++) {
            int[] seq = new int[symbols];
            for (int k = 0; k < symbols; k++) seq[k] = 1 + rng.nextInt(alphabet);
            for (int t = 0; t < steps; t++) {
                int input = t < symbols ? seq[t] : t == symbols + delay - 1 ? alphabet + 1 : 0;
                x.set((i * steps + t) * width + input, 1);
                y.set(i * steps + t, t >= steps - symbols ? seq[t - (steps - symbols)] : 0);
            }
        }
        return SequenceDataset.of(x, y);
    }

    /**
     * The cross-entropy of the best memoryless guess on the copy task: blanks certain, symbols uniform.
     *
     * @param delay as in copyTask
     * @param symbols as in copyTask
     * @param alphabet as in copyTask
     * @return the baseline cross-entropy in nats per step
     */
    public static double copyBaseline(int delay, int symbols, int alphabet) {
        return symbols * Math.log(alphabet) / (delay + 2.0 * symbols);
    }

    /**
     * A memory task with several events per sequence: the input is 0 but for pulses of +1 or −1, each step a pulse
     * with probability {@code pulseRate}; the target at every step is the sign of the most recent pulse (0 before
     * the first). A model must write at a pulse and hold the value until the next one. Inputs [n, steps, 1], targets
     * [n, steps, 1].
     *
     * @param n samples
     * @param steps length of each sequence
     * @param pulseRate chance of a pulse at each step, in (0, 1)
     * @param rng the generator
     * @return the dataset
     */
    public static SequenceDataset latch(int n, int steps, double pulseRate, Rng rng) {
        if (!(pulseRate > 0 && pulseRate < 1)) {
            throw new ArgumentException("latch: pulseRate must be in (0, 1), got " + pulseRate);
        }
        Tensor x = Tensor.zeros(DType.FLOAT32, n, steps, 1), y = Tensor.zeros(DType.FLOAT32, n, steps, 1);
        for (int i = 0; i < n; i++) {
            double last = 0;
            for (int t = 0; t < steps; t++) {
                if (rng.uniform() < pulseRate) {
                    last = rng.uniform() < 0.5 ? 1 : -1;
                    x.set(i * steps + t, last);
                }
                y.set(i * steps + t, last);
            }
        }
        return SequenceDataset.of(x, y);
    }

    /**
     * The latch read the other way: the same inputs as {@link #latch}, but the target at every step is the sign of the
     * next pulse, at that step or after it (0 after the last). Only a model that reads the sequence backwards, a
     * bidirectional layer, can know it; a forward reader is right about the sign only where the pulse is the current
     * input. Inputs [n, steps, 1], targets [n, steps, 1].
     *
     * @param n samples
     * @param steps length of each sequence
     * @param pulseRate chance of a pulse at each step, in (0, 1)
     * @param rng the generator
     * @return the dataset
     */
    public static SequenceDataset nextPulse(int n, int steps, double pulseRate, Rng rng) {
        SequenceDataset forward = latch(n, steps, pulseRate, rng);
        Tensor x = forward.inputs(), y = Tensor.zeros(DType.FLOAT32, n, steps, 1);
        for (int i = 0; i < n; i++) {
            double next = 0;
            for (int t = steps - 1; t >= 0; t--) {
                double pulse = x.get(i * steps + t);
                if (pulse != 0) next = pulse;
                y.set(i * steps + t, next);
            }
        }
        return SequenceDataset.of(x, y);
    }
}
