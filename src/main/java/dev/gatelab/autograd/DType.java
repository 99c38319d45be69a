package dev.gatelab.autograd;

/**
 * The element type of a tensor. FLOAT32 is the default because it is what training wants (half the memory
 * traffic of FLOAT64); FLOAT64 is for gradient checks and precision work.
 */
public enum DType {
    /** Single precision, on EJML's FMatrixRMaj and Gatelab's own kernels: the speed default. */
    FLOAT32,
    /** Double precision, on EJML's DMatrixRMaj: for gradient checks and exact comparisons. */
    FLOAT64;

    /**
     * The type a new model or tensor gets when the caller names none.
     *
     * @return FLOAT32
     */
    public static DType defaultType() {
        return FLOAT32;
    }
}
