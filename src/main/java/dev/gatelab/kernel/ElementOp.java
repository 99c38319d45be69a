package dev.gatelab.kernel;

/**
 * The element-wise operations a recurrent cell's step is made of, forward and backward, as the kernels run them. Each
 * is out = f(a, b) element by element; a cell's equations are compiled to a list of these (see
 * {@code dev.gatelab.cell}), so no kernel knows any cell. The backward forms take the adjoint as a and the forward
 * result y as b, so a derivative never needs the pre-activation.
 */
public enum ElementOp {
    /** a + b */
    ADD,
    /** a − b */
    SUB,
    /** a · b */
    MUL,
    /** −a */
    NEG,
    /** 1 − a */
    ONE_MINUS,
    /** σ(a) = 1 / (1 + e^{−a}) */
    SIGMOID,
    /** tanh(a) */
    TANH,
    /** max(a, 0) */
    RELU,
    /** σ(a + b): a gate's two parts summed and squashed in one pass */
    SIGMOID_OF_SUM,
    /** tanh(a + b) */
    TANH_OF_SUM,
    /** max(a + b, 0) */
    RELU_OF_SUM,
    /** a */
    COPY,
    /** 0 */
    ZERO,
    /**
     * (a − mean(a)) / √(var(a) + 10⁻⁵) over the units of each row (each sample): layer normalisation without gain
     * and bias, which the step applies itself. It also keeps each row's 1/σ for LAYER_NORM_GRAD; the kernels run it
     * in {@link GateKernels.Impl#layerNorm}.
     */
    LAYER_NORM,
    /**
     * The adjoint a carried back through LAYER_NORM, with its normalised rows y given as b and each row's 1/σ as
     * LAYER_NORM kept it: (a − mean(a) − y·mean(a·y)) / σ ({@link GateKernels.Impl#layerNormGrad}).
     */
    LAYER_NORM_GRAD,
    /** a·y·(1 − y), with y = σ(x) given as b: the adjoint a carried through a sigmoid */
    SIGMOID_GRAD,
    /** a·(1 − y²), with y = tanh(x) given as b */
    TANH_GRAD,
    /** a where y &gt; 0, else 0, with y = relu(x) given as b */
    RELU_GRAD;

    /**
     * The activation of a sum, for an activation: what a sum followed by this activation fuses into.
     *
     * @return SIGMOID_OF_SUM for SIGMOID, and so on; null for the others
     */
    public ElementOp ofSum() {
        return switch (this) {
            case SIGMOID -> SIGMOID_OF_SUM;
            case TANH -> TANH_OF_SUM;
            case RELU -> RELU_OF_SUM;
            default -> null;
        };
    }

    /** @return whether each result depends on its whole row (a mean over the units), not on one element */
    public boolean rowWise() {
        return this == LAYER_NORM || this == LAYER_NORM_GRAD;
    }

    /** ε under the square root of LAYER_NORM, PyTorch's default. */
    public static final double LAYER_NORM_EPS = 1e-5;

    /** @return whether the operation reads b */
    public boolean binary() {
        return switch (this) {
            case ADD, SUB, MUL, SIGMOID_OF_SUM, TANH_OF_SUM, RELU_OF_SUM, SIGMOID_GRAD, TANH_GRAD, RELU_GRAD,
                    LAYER_NORM_GRAD -> true;
            default -> false;
        };
    }
}
