package dev.gatelab.autograd;

import java.util.SplittableRandom;

/**
 * The source of randomness for initialisation, dropout and shuffling. One seed makes a whole run repeat bit for bit:
 * {@link #manualSeed} resets the shared generator the way torch.manual_seed does, and a component that wants its own
 * stream takes a {@link #fork()}.
 */
public final class Rng {
    private static Rng global = new Rng(0x5EEDL);

    private SplittableRandom random;
    private double spareNormal = Double.NaN;

    /**
     * @param seed the seed: the same seed gives the same draws
     */
    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The generator used where none is given.
     *
     * @return the generator layers use when given none
     */
    public static Rng global() {
        return global;
    }

    /**
     * Restarts the shared generator from {@code seed}.
     *
     * @param seed the global generator's new seed
     */
    public static void manualSeed(long seed) {
        global = new Rng(seed);
    }

    /**
     * An independent generator whose stream is fixed by this one's state.
     *
     * @return a new generator seeded from this one
     */
    public Rng fork() {
        return new Rng(random.nextLong());
    }

    /**
     * @return a draw from [0, 1)
     */
    public double uniform() {
        return random.nextDouble();
    }

    /**
     * @param low the lowest value
     * @param high the bound above the values
     * @return a draw from [low, high)
     */
    public double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /**
     * @param bound the bound
     * @return a draw from [0, bound)
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * A standard normal draw (Marsaglia's polar method, which yields two at a time).
     *
     * @return a draw from the standard normal distribution
     */
    public double normal() {
        if (!Double.isNaN(spareNormal)) {
            double v = spareNormal;
            spareNormal = Double.NaN;
            return v;
        }
        double u, v, s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double scale = Math.sqrt(-2 * Math.log(s) / s);
        spareNormal = v * scale;
        return u * scale;
    }

    /**
     * A random permutation of 0..n-1 (Fisher–Yates).
     *
     * @param n the count
     * @return 0 … n − 1 in a random order
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
