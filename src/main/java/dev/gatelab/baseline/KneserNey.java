package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import java.util.Arrays;

/**
 * An interpolated, modified Kneser–Ney n-gram model of a token sequence (Chen and Goodman, 1999, section 3): the
 * classical baseline a character language model must beat. Characters are tokens here; any int sequence works.
 *
 * <p>With {@code h} the last n−1 tokens and {@code h'} the last n−2, the model of order n is
 * <pre>
 *   P_n(w | h) = max(c(hw) − D(c(hw)), 0) / c(h·)  +  γ(h) · P_{n−1}(w | h')
 *   γ(h)       = (D₁ N₁(h·) + D₂ N₂(h·) + D₃₊ N₃₊(h·)) / c(h·)
 * </pre>
 * where {@code c} is the raw count at the highest order and the continuation count (the number of distinct tokens seen
 * before) at every lower order, {@code c(h·)} is the sum of {@code c(hw)} over w, {@code N_j(h·)} the number of w with
 * {@code c(hw) = j} ({@code N₃₊}: at least 3), and the three discounts of each order come from its counts of counts
 * ({@code Y = n₁ / (n₁ + 2 n₂)}, {@code D₁ = 1 − 2Y n₂/n₁}, {@code D₂ = 2 − 3Y n₃/n₂}, {@code D₃₊ = 3 − 4Y n₄/n₃};
 * see {@link #fit} for the few counts where these fail). The
 * order-1 model interpolates with the uniform distribution over the vocabulary, so every token has a probability; a
 * context never seen passes its whole mass to the order below.
 *
 * <pre>{@code
 * KneserNey.OrderChoice choice = KneserNey.chooseOrder(train, validation, vocab.size(), 9);
 * KneserNey lm = KneserNey.fit(train, vocab.size(), choice.order());
 * double nats = lm.crossEntropy(test);      // mean −ln P per predicted token
 * }</pre>
 */
public final class KneserNey {
    private final int vocabulary, order;
    /** vocabulary^j at index j. */
    private final long[] powers;
    /** Per order k (index k − 1): the sorted keys of the k-grams seen, and their counts (raw at the top, else continuation). */
    private final long[][] keys;
    private final int[][] counts;
    /** Per order k: the sorted contexts (the k-gram key without its last token), their totals and their γ numerators. */
    private final long[][] contexts;
    private final long[][] totals;
    private final double[][] backoff;
    /** Per order k: the discounts for a count of 1, 2 and 3 or more. */
    private final double[][] discounts;

    private KneserNey(int[] tokens, int vocabulary, int order) {
        this.vocabulary = vocabulary;
        this.order = order;
        powers = new long[order + 1];
        for (int j = 0; j <= order; j++) powers[j] = power(vocabulary, j);
        keys = new long[order][];
        counts = new int[order][];
        contexts = new long[order][];
        totals = new long[order][];
        backoff = new double[order][];
        discounts = new double[order][];
        long[] higher = null;   // the distinct (k+1)-grams of the text
        for (int k = order; k >= 1; k--) {
            long[] grams = grams(tokens, k);
            if (k == order) {
                countSorted(grams, k);
            } else {
                // The continuation count of a k-gram: how many distinct (k+1)-grams of the text end with it.
                long[] tails = new long[higher.length];
                for (int i = 0; i < higher.length; i++) tails[i] = higher[i] % powers[k];
                Arrays.sort(tails);
                countSorted(tails, k);
            }
            higher = distinct(grams);
            discounts[k - 1] = discounts(counts[k - 1]);
            groupContexts(k);
        }
    }

    /**
     * Fits the model: counts every k-gram of the tokens, k from 1 to {@code order}. Where few or odd counts put a
     * discount outside (0, j], it is Y, or ½ when Y is not in (0, 1), so that every token keeps a probability.
     *
     * @param tokens the training sequence, each in [0, vocabulary)
     * @param vocabulary the number of distinct tokens a prediction ranges over
     * @param order n: each token is predicted from the n − 1 before it
     * @return the fitted model
     */
    public static KneserNey fit(int[] tokens, int vocabulary, int order) {
        if (tokens == null || tokens.length < 2) {
            throw new ArgumentException("KneserNey.fit: expected a training sequence of at least 2 tokens, got "
                    + (tokens == null ? "null" : tokens.length));
        }
        if (vocabulary < 2) throw new ArgumentException("KneserNey.fit: expected a vocabulary of at least 2, got " + vocabulary);
        int maxOrder = maxOrder(vocabulary);
        if (order < 1 || order > maxOrder) {
            throw new ArgumentException("KneserNey.fit: expected an order in [1, " + maxOrder + "] for a vocabulary of "
                    + vocabulary + ", got " + order);
        }
        check(tokens, vocabulary, "training token");
        return new KneserNey(tokens, vocabulary, order);
    }

    /**
     * The orders tried and the one chosen: fits every order from 1 to {@code maxOrder} on {@code train} and keeps the
     * one with the lowest cross-entropy on {@code validation}.
     *
     * @param order the order with the lowest validation loss
     * @param validationLoss the validation cross-entropy of order k at index k − 1, nats per token
     */
    public record OrderChoice(int order, double[] validationLoss) {}

    /**
     * @param train the sequence the models are fitted on
     * @param validation the sequence they are scored on (not part of {@code train})
     * @param vocabulary the number of distinct tokens
     * @param maxOrder the highest order tried
     * @return the order with the lowest validation loss, and every order's loss
     */
    public static OrderChoice chooseOrder(int[] train, int[] validation, int vocabulary, int maxOrder) {
        double[] loss = new double[maxOrder];
        int best = 1;
        for (int k = 1; k <= maxOrder; k++) {
            loss[k - 1] = fit(train, vocabulary, k).crossEntropy(validation);
            if (loss[k - 1] < loss[best - 1]) best = k;
        }
        return new OrderChoice(best, loss);
    }

    /** @return n: each token is predicted from the n − 1 before it */
    public int order() {
        return order;
    }

    /**
     * The probability of the token at {@code position} given the up to n − 1 tokens before it in {@code sequence}.
     *
     * @param sequence tokens, each in [0, vocabulary)
     * @param position the index of the token predicted (at 0, it is predicted from no context)
     * @return P(sequence[position] | the tokens before it)
     */
    public double probability(int[] sequence, int position) {
        if (position < 0 || position >= sequence.length) {
            throw new ArgumentException("KneserNey.probability: position " + position + " is outside the sequence of "
                    + sequence.length);
        }
        int from = Math.max(0, position - order + 1);
        check(Arrays.copyOfRange(sequence, from, position + 1), vocabulary, "token from position " + from + ",");
        return probability(sequence, from, position, sequence[position]);
    }

    /**
     * The distribution over the next token after {@code context} (its last n − 1 tokens); it sums to 1.
     *
     * @param context tokens, each in [0, vocabulary)
     * @return the probability of each token
     */
    public double[] distribution(int[] context) {
        check(context, vocabulary, "context token");
        int from = Math.max(0, context.length - order + 1);
        double[] p = new double[vocabulary];
        for (int w = 0; w < vocabulary; w++) p[w] = probability(context, from, context.length, w);
        return p;
    }

    /**
     * The mean of −ln P(token | the up to n − 1 tokens before it) over every token but the first: the loss a
     * character model reports, in nats per token.
     *
     * @param sequence a held-out sequence, each token in [0, vocabulary)
     * @return nats per predicted token
     */
    public double crossEntropy(int[] sequence) {
        return crossEntropy(sequence, sequence.length);
    }

    /**
     * As {@link #crossEntropy(int[])}, with the context cut every {@code resetEvery} tokens: the first token of each
     * chunk is not predicted and the next see only their own chunk, as a model fed separate chunks from a zero state.
     *
     * @param sequence a held-out sequence, each token in [0, vocabulary)
     * @param resetEvery the chunk length
     * @return nats per predicted token
     */
    public double crossEntropy(int[] sequence, int resetEvery) {
        if (sequence == null || sequence.length < 2) {
            throw new ArgumentException("KneserNey.crossEntropy: expected a sequence of at least 2 tokens, got "
                    + (sequence == null ? "null" : sequence.length));
        }
        if (resetEvery < 2) throw new ArgumentException("KneserNey.crossEntropy: expected chunks of at least 2 tokens, got " + resetEvery);
        check(sequence, vocabulary, "token");
        double sum = 0;
        long n = 0;
        for (int t = 0; t < sequence.length; t++) {
            int chunkStart = t - t % resetEvery;
            if (t == chunkStart) continue;
            int from = Math.max(chunkStart, t - order + 1);
            sum -= Math.log(probability(sequence, from, t, sequence[t]));
            n++;
        }
        return sum / n;
    }

    /** P(w | sequence[from, to)), the context at most n − 1 tokens long. */
    private double probability(int[] sequence, int from, int to, int w) {
        double p = 1.0 / vocabulary;
        long context = 0;
        // From order 1 up: each order adds one more token of context, nearest first.
        for (int k = 1; k <= to - from + 1; k++) {
            if (k > 1) context += sequence[to - k + 1] * powers[k - 2];
            int c = Arrays.binarySearch(contexts[k - 1], context);
            if (c < 0) continue;            // a context never seen: all its mass to the order below
            int g = Arrays.binarySearch(keys[k - 1], context * vocabulary + w);
            int count = g < 0 ? 0 : counts[k - 1][g];
            double total = totals[k - 1][c];
            p = Math.max(count - discount(k, count), 0) / total + backoff[k - 1][c] / total * p;
        }
        return p;
    }

    private double discount(int k, int count) {
        return count == 0 ? 0 : discounts[k - 1][Math.min(count, 3) - 1];
    }

    /** The sorted keys of every k-gram of the tokens, the first token the most significant digit. */
    private long[] grams(int[] tokens, int k) {
        if (tokens.length < k) return new long[0];
        long[] g = new long[tokens.length - k + 1];
        long key = 0, top = power(vocabulary, k - 1);
        for (int i = 0; i < tokens.length; i++) {
            if (i >= k) key -= tokens[i - k] * top;
            key = key * vocabulary + tokens[i];
            if (i >= k - 1) g[i - k + 1] = key;
        }
        Arrays.sort(g);
        return g;
    }

    private static long[] distinct(long[] sorted) {
        int n = 0;
        long[] out = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) out[n++] = sorted[i];
        return Arrays.copyOf(out, n);
    }

    /** The distinct keys of a sorted array, with how often each occurs, as order k's keys and counts. */
    private void countSorted(long[] sorted, int k) {
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) distinct++;
        long[] key = new long[distinct];
        int[] count = new int[distinct];
        for (int i = 0, j = -1; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) key[++j] = sorted[i];
            count[j]++;
        }
        keys[k - 1] = key;
        counts[k - 1] = count;
    }

    /** Order k's contexts, in sorted order (a key's context is the key without its last digit, so they come grouped). */
    private void groupContexts(int k) {
        long[] key = keys[k - 1];
        int[] count = counts[k - 1];
        int groups = 0;
        for (int i = 0; i < key.length; i++) if (i == 0 || key[i] / vocabulary != key[i - 1] / vocabulary) groups++;
        long[] ctx = new long[groups], total = new long[groups];
        double[] gamma = new double[groups];
        for (int i = 0, j = -1; i < key.length; i++) {
            if (i == 0 || key[i] / vocabulary != key[i - 1] / vocabulary) ctx[++j] = key[i] / vocabulary;
            total[j] += count[i];
            gamma[j] += discount(k, count[i]);
        }
        contexts[k - 1] = ctx;
        totals[k - 1] = total;
        backoff[k - 1] = gamma;
    }

    /**
     * Chen and Goodman's discounts from the counts of counts n₁…n₄. Few or odd counts (a short text, a small
     * vocabulary) can put an estimate outside (0, j]: then it is Y, or ½ when Y is not in (0, 1), so that every
     * context passes some mass down and every token keeps a probability.
     */
    private static double[] discounts(int[] counts) {
        long[] n = new long[5];
        for (int c : counts) if (c <= 4) n[c]++;
        double y = n[1] + 2 * n[2] == 0 ? 0 : (double) n[1] / (n[1] + 2 * n[2]);
        double fallback = y > 0 && y < 1 ? y : 0.5;
        double[] d = new double[3];
        for (int j = 1; j <= 3; j++) {
            double dj = n[j] == 0 ? 0 : j - (j + 1) * y * n[j + 1] / n[j];
            d[j - 1] = dj > 0 && dj <= j ? dj : fallback;
        }
        return d;
    }

    private static void check(int[] tokens, int vocabulary, String what) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabulary) {
                throw new ArgumentException("KneserNey: " + what + " " + i + " is " + tokens[i] + ", outside [0, "
                        + vocabulary + ")");
            }
        }
    }

    /** The highest order whose keys fit a long: vocabulary^order below 2^63. */
    static int maxOrder(int vocabulary) {
        int k = 0;
        for (long v = 1; v <= Long.MAX_VALUE / vocabulary; v *= vocabulary) k++;
        return k;
    }

    private static long power(int base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) p *= base;
        return p;
    }
}
