package dev.gatelab.autograd;

/**
 * A tensor's elements as the array that holds them, shared and not copied, for engine code outside this package that
 * loops over them (optimizers). A notebook reads and writes elements through {@link Tensor#get} and {@link Tensor#set}.
 */
public final class Storage {
    private Storage() {}

    /**
     * @param t a FLOAT32 tensor
     * @return its elements in row-major order, at least {@code t.size()} long
     */
    public static float[] floats(Tensor t) {
        if (t.dtype() != DType.FLOAT32) throw new IllegalArgumentException("Storage.floats: the tensor is " + t.dtype());
        return t.f().data;
    }

    /**
     * @param t a FLOAT64 tensor
     * @return its elements in row-major order, at least {@code t.size()} long
     */
    public static double[] doubles(Tensor t) {
        if (t.dtype() != DType.FLOAT64) throw new IllegalArgumentException("Storage.doubles: the tensor is " + t.dtype());
        return t.d().data;
    }
}
