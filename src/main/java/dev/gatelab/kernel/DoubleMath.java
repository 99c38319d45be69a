package dev.gatelab.kernel;

/**
 * exp, sigmoid and tanh in float64 built only from +, −, ×, ÷, fused multiply-adds, comparisons and bit moves, the
 * operations whose results IEEE 754 fixes to the last bit: so the plain and Vector API gate kernels agree bit for bit,
 * and a run repeats bit for bit whenever the JIT compiles what (the JDK's Math.exp may differ in the last bits between
 * the interpreter and compiled code, and Math.tanh is a slow native call). The float32 twin is {@link FloatMath}.
 *
 * <p>Both functions take u = −|k·x| ≤ 0 (k = 1 for σ, 2 for tanh) and write it as u = n·ln 2 + r, with n the integer
 * nearest u·log₂e and |r| ≤ ln 2 / 2 (Cody–Waite, ln 2 split in two as in fdlibm). e^r − 1 is its Taylor series to
 * r¹³ in fused multiply-adds: the first term left out is under 10⁻¹⁷ of the result, so the error is that of the
 * roundings, a few units in the last place. Then
 * <ul>
 *   <li>σ(x) = 1 / (1 + e^u) for x ≥ 0 and e^u / (1 + e^u) below: e^u never overflows, and is accurate down to the
 *       subnormals (2ⁿ applied in two factors);
 *   <li>tanh(x) = sign(x) · |m| / (2 + m) with m = e^u − 1 = 2ⁿ·(e^r − 1) + (2ⁿ − 1), accurate relative to the result
 *       even for tiny x, where 1 − 2/(1 + e^{2x}) would cancel.
 * </ul>
 * Measured against the JDK's StrictMath (fdlibm) on 10⁶ arguments in DoubleMathTest.
 */
public final class DoubleMath {
    static final double INV_LN2 = 1.44269504088896338700e+00;
    static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    /** 1.5·2⁵²: adding it rounds to an integer, which the low bits of the sum then hold. */
    static final double MAGIC = 0x1.8p52;
    static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
    /** Below these, σ's e^u is 0 in double and tanh is ±1: u is clamped so 2ⁿ stays representable. */
    static final double EXP_MIN = -746, TANH_MIN = -40;
    /** 1/k!, the Taylor coefficients of e^r − 1. */
    static final double C2 = 1 / 2d, C3 = 1 / 6d, C4 = 1 / 24d, C5 = 1 / 120d, C6 = 1 / 720d, C7 = 1 / 5040d,
            C8 = 1 / 40320d, C9 = 1 / 362880d, C10 = 1 / 3628800d, C11 = 1 / 39916800d, C12 = 1 / 479001600d,
            C13 = 1 / 6227020800d;
    static final long SIGN = Long.MIN_VALUE;
    /** σ's 2ⁿ is applied as 2^(n + 54) · 2⁻⁵⁴, both normal for every n ≥ −1076: e^u stays exact into the subnormals. */
    static final int SCALE_SHIFT = 54;
    static final double SCALE_BACK = 0x1p-54;

    private DoubleMath() {}

    /** σ(x) = 1 / (1 + e^{−x}). */
    public static double sigmoid(double x) {
        double u = Math.max(-Math.abs(x), EXP_MIN);
        double big = u * INV_LN2 + MAGIC;
        double n = big - MAGIC;
        double p = expm1Reduced(u - n * LN2_HI - n * LN2_LO);
        long nb = Double.doubleToRawLongBits(big) - MAGIC_BITS;
        double e = (1 + p) * Double.longBitsToDouble((nb + 1023 + SCALE_SHIFT) << 52) * SCALE_BACK;
        return (x >= 0 ? 1 : e) / (1 + e);
    }

    /** tanh(x). */
    public static double tanh(double x) {
        double u = Math.max(-2 * Math.abs(x), TANH_MIN);
        double big = u * INV_LN2 + MAGIC;
        double n = big - MAGIC;
        double p = expm1Reduced(u - n * LN2_HI - n * LN2_LO);
        double s = Double.longBitsToDouble((Double.doubleToRawLongBits(big) - MAGIC_BITS + 1023) << 52);
        double m = Math.fma(s, p, s - 1);
        double t = Math.abs(m) / (2 + m);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(t) | (Double.doubleToRawLongBits(x) & SIGN));
    }

    /** e^r − 1 for |r| ≤ ln 2 / 2: r·(1 + r·(1/2! + r·(1/3! + … + r/13!))). */
    static double expm1Reduced(double r) {
        double p = Math.fma(C13, r, C12);
        p = Math.fma(p, r, C11);
        p = Math.fma(p, r, C10);
        p = Math.fma(p, r, C9);
        p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1);
        return p * r;
    }
}
