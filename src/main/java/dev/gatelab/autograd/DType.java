package dev.gatelab.autograd;

/**
 * The element type of a tensor. FLOAT32 is the default because it is what training wants (half the memory
 * traffic of FLOAT64); FLOAT64 is for gradient checks and precision work.
 */
public enum DType {
    FLOAT32,
    FLOAT64;

    /** The type a new model or tensor gets when the caller names none. */
    public static DType defaultType() {
        return FLOAT32;
    }
}
