package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down adjustment of a family of p-values (Holm 1979): with nine variants each tested against the vanilla
 * LSTM at 0.05, more than one family in three (1 − 0.95⁹ ≈ 0.37) would show a "significant" difference by chance alone
 * where none exists; compared with the
 * level, Holm's adjusted values keep that chance at most 0.05 for the whole family, and never reject less than
 * Bonferroni's. With the p-values sorted ascending, p₍₁₎ ≤ … ≤ p₍ₖ₎,
 * <pre>
 *   adjusted p₍ᵢ₎ = min(1, max_{j ≤ i} (k − j + 1) · p₍ⱼ₎)
 * </pre>
 * returned in the order given.
 */
public final class Holm {
    private Holm() {}

    /**
     * @param pValues a family of p-values, each in [0, 1]
     * @return the adjusted p-values, in the same order
     */
    public static double[] adjust(double... pValues) {
        if (pValues == null || pValues.length == 0) throw new ArgumentException("Holm.adjust: expected at least one p-value, got none");
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new ArgumentException("Holm.adjust: expected p-values in [0, 1], got " + pValues[i] + " at index " + i);
            }
        }
        int k = pValues.length;
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[k];
        double running = 0;
        for (int rank = 0; rank < k; rank++) {
            running = Math.max(running, Math.min(1, (k - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
