package dev.gatelab.kernel;

/**
 * The element-wise gate arithmetic of the recurrent layers in float32, forward and backward, for a whole batch. The
 * arrays are row-major: gate pre-activations xg (x·W_ihᵀ + b_ih) and hg (h·W_hhᵀ + b_hh) are [batch, gates·hidden],
 * states [batch, hidden]. The arrays that hold every step of a sequence (xg forward; dxg and the GRU's dhg backward) are
 * read or written from an offset ({@code xgAt}, {@code dzAt}, …), so a layer needs no per-step copy of them. The Vector API implementation is used when the JVM has jdk.incubator.vector, else the
 * plain-Java one; both take sigmoid and tanh from {@link FloatMath} and give the same bits. The equations are those
 * of {@code dev.gatelab.nn.LstmMath}, {@code GruMath} and {@code RnnMath}, which call these for float32 layers.
 */
public final class GateKernels {
    /** One implementation of the gate arithmetic. */
    public interface Impl {
        void lstmForward(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] cPrev, float[] act, float[] c,
                float[] m);

        void lstmBackward(int batch, int hidden, float[] act, float[] c, float[] cPrev, float[] dm, float[] dcNext,
                float[] dz, int dzAt, float[] dcPrev);

        void gruForward(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] hPrev, float[] act, float[] h);

        void gruBackward(int batch, int hidden, float[] act, float[] hg, float[] hPrev, float[] dh, float[] dxg,
                int dxgAt, float[] dhg, int dhgAt, float[] dhPrevDirect);

        void rnnForward(int n, boolean relu, float[] xg, int xgAt, float[] hg, float[] h);

        void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da, int daAt);

        /**
         * sums[c] += Σ_r source[r·cols + c], each column summed in row order: the bias gradients, column sums of the
         * gate gradients over every step and sample.
         */
        void addColumnSums(float[] source, int rows, int cols, float[] sums);

        String name();
    }

    private static final Impl DEFAULT = choose();
    private static final Impl PLAIN = new ScalarGates();

    private GateKernels() {}

    private static Impl choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Impl) Class.forName("dev.gatelab.kernel.VectorGates").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // plain Java below
            }
        }
        return new ScalarGates();
    }

    /** The implementation in use: vectorised when the JVM allows, else plain Java. */
    public static Impl get() {
        return DEFAULT;
    }

    /** The plain-Java implementation, to compare against. */
    public static Impl plain() {
        return PLAIN;
    }
}
