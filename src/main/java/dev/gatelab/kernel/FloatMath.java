package dev.gatelab.kernel;

/**
 * exp, sigmoid and tanh in float32 built only from +, ×, comparisons and int conversions, the operations whose results
 * IEEE 754 fixes to the bit. {@link VectorGates} runs the very same steps lane by lane, so the plain-Java and vector
 * gate kernels agree bit for bit, and a run repeats bit for bit whenever the JIT compiles what (a library exp, or the
 * Vector API's own, which differs from Math.exp in the last bits and is used only once compiled, would not).
 *
 * <p>exp: x = n·ln 2 + r with n the integer nearest x·log₂e and |r| ≤ ln 2 / 2 (Cody–Waite, ln 2 split in two), e^r
 * by its Taylor series to r⁶ in fused multiply-adds (error under 2.2·10⁻⁷ relative), times 2ⁿ made from the exponent
 * bits. n is found with the 1.5·2²³ trick rather than a float-to-int conversion, which the JDK 17 Vector API does not
 * compile to vector instructions.
 */
public final class FloatMath {
    static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** exp is clamped to [MIN, MAX], where 2ⁿ stays a normal float (n from −126 to 127). */
    static final float MAX = 88f, MIN = -87.3f;
    /** 1.5·2²³: adding and subtracting it rounds a float to an integer, and its bits then hold that integer. */
    static final float MAGIC = 12582912f;
    static final int EXPONENT_BIAS = 127 - Float.floatToRawIntBits(MAGIC);
    static final float C2 = 1 / 2f, C3 = 1 / 6f, C4 = 1 / 24f, C5 = 1 / 120f, C6 = 1 / 720f;

    private FloatMath() {}

    public static float exp(float x) {
        x = Math.min(Math.max(x, MIN), MAX);
        float big = x * LOG2E + MAGIC; // x·log₂e rounded to the nearest integer n, which its low bits now hold
        float n = big - MAGIC;
        float r = x - n * LN2_HI;
        r = r - n * LN2_LO;
        float p = Math.fma(C6, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int biased = Float.floatToRawIntBits(big) + EXPONENT_BIAS; // n + 127, without a float-to-int cast
        return p * Float.intBitsToFloat(biased << 23);
    }

    public static float sigmoid(float x) {
        return squash(x, SIGMOID);
    }

    /** tanh(x) = 1 − 2·σ(−2x): exact at ±∞, within about 10⁻⁷ of the true value elsewhere. */
    public static float tanh(float x) {
        return squash(x, TANH);
    }

    /**
     * Sigmoid and tanh are one function, a + b / (1 + e^{k·x}), with {k, a, b} = {−1, 0, 1} for σ and {2, 1, −2} for
     * tanh; the kernels pass the triple, so one loop with one exp activates every gate block of a row.
     */
    static final float[] SIGMOID = {-1f, 0f, 1f}, TANH = {2f, 1f, -2f};

    static float squash(float x, float[] kab) {
        return kab[1] + kab[2] * (1f / (1f + exp(kab[0] * x)));
    }
}
