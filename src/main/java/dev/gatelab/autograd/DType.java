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
     * What a tensor of this type holds after {@code set(i, value)}: the value rounded to float for FLOAT32. An update
     * that reads back a value it wrote uses this on the value itself.
     *
     * @param value any number
     * @return the value as this type stores it
     */
    public double rounded(double value) {
        return this == FLOAT32 ? (float) value : value;
    }

    /**
     * The type a new model or tensor gets when the caller names none.
     *
     * @return FLOAT32
     */
    public static DType defaultType() {
        return FLOAT32;
    }
}
