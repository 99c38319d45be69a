package dev.gatelab.kernel;

/**
 * The element-wise arithmetic of the recurrent layers: one {@link ElementOp} over a block of rows at a time. An
 * operand is an array, the offset of its first element and the distance between its rows, so a gate block inside the
 * wide [batch, gates·hidden] rows, a state [batch, hidden] and a per-unit parameter (row distance 0) are all read and
 * written in place.
 *
 * <p>Float32 runs on the Vector API when the JVM has jdk.incubator.vector, else in plain Java; both take sigmoid and
 * tanh from {@link FloatMath} and give the same bits. Float64 runs in {@link DoubleGates}, sigmoid and tanh from
 * {@link DoubleMath}, with the same guarantee.
 */
public final class GateKernels {
    /** One implementation of the float32 arithmetic. */
    public interface Impl {
        /**
         * out[outAt + r·outStride + j] = op(a[aAt + r·aStride + j], b[bAt + r·bStride + j]) for r &lt; rows, j &lt; n.
         * b is ignored by the unary operations. The row-wise operations ({@link ElementOp#rowWise()}) have methods of
         * their own.
         */
        void apply(ElementOp op, int rows, int n, float[] a, int aAt, int aStride, float[] b, int bAt, int bStride,
                float[] out, int outAt, int outStride);

        /**
         * Layer normalisation of each row of n units, y = (x − mean)/σ with σ = √(var + 10⁻⁵) (the biased variance,
         * as PyTorch's layer_norm), and each row's 1/σ kept at rstd[rstdAt + r·rstdStride] for
         * {@link #layerNormGrad}. Every sum over a row is taken in one order, the same in every implementation and
         * at every vector width.
         */
        void layerNorm(int rows, int n, float[] x, int xAt, int xStride, float[] y, int yAt, int yStride, float[] rstd,
                int rstdAt, int rstdStride);

        /**
         * The adjoint a carried back through {@link #layerNorm}: out = (a − mean(a) − y·mean(a·y))/σ, from the
         * normalised rows y and their 1/σ.
         */
        void layerNormGrad(int rows, int n, float[] a, int aAt, int aStride, float[] y, int yAt, int yStride,
                float[] rstd, int rstdAt, int rstdStride, float[] out, int outAt, int outStride);

        /**
         * sums[c] += Σ_r source[r·cols + c], each column summed in row order: the bias gradients, column sums of the
         * gate gradients over every step and sample.
         */
        void addColumnSums(float[] source, int rows, int cols, float[] sums);

        /**
         * One float32 Adam step over elements [0, n), in float and in the order of torch.optim.Adam's float kernel:
         * g ← grad + wd·p (or p ← p·shrink when decoupled), m ← m·β₁ + (1−β₁)·g, v ← v·β₂ + (1−β₂)·g·g,
         * p ← p − step·m / (√v / c₂ + ε). Every implementation gives the same bits (each operation rounds once, as
         * the scalar loop's do, and none is fused).
         *
         * @param commit whether to write p, m and v; without, nothing is written
         * @return with commit, −1; without, −1 when every new value is finite, else 3·i + k for the first element i
         *     whose new p (k = 0), m (k = 1) or v (k = 2) is not
         */
        int adam(float[] p, float[] grad, float[] m, float[] v, int n, AdamStep s, boolean commit);

        /** @return "vector-{bits}" or "plain-java" */
        String name();
    }

    /**
     * The constants of one Adam step, in float as the update uses them.
     *
     * @param b1 β₁
     * @param oneMinusB1 1 − β₁
     * @param b2 β₂
     * @param oneMinusB2 1 − β₂
     * @param weightDecay λ added to the gradient (Adam's L2)
     * @param shrink 1 − lr·λ, the factor of p before the step (AdamW)
     * @param decoupled whether λ shrinks p (AdamW) rather than adding to g
     * @param step lr / (1 − β₁ᵗ)
     * @param correction2Sqrt √(1 − β₂ᵗ)
     * @param eps ε
     */
    public record AdamStep(float b1, float oneMinusB1, float b2, float oneMinusB2, float weightDecay, float shrink,
            boolean decoupled, float step, float correction2Sqrt, float eps) {}

    private static final Impl DEFAULT = choose();
    private static final Impl PLAIN = new ScalarGates();

    private GateKernels() {}

    private static Impl choose() {
        Impl vector = VectorApi.load("VectorGates", Impl.class);
        return vector != null ? vector : new ScalarGates();
    }

    /** @return the float32 implementation in use: vectorised when the JVM allows, else plain Java */
    public static Impl get() {
        return DEFAULT;
    }

    /** @return the plain-Java float32 implementation, to compare against */
    public static Impl plain() {
        return PLAIN;
    }
}
