package dev.gatelab.kernel;

/**
 * Scratch arrays that each thread reuses from call to call, so the hot loops allocate nothing once warm. Each use has
 * a slot of its own, so that one thread's users never share an array.
 */
final class Workspace {
    /** Who uses an array. */
    enum Slot {
        /** a product's op(B), packed into panels */
        PACKED_B,
        /** a group of row blocks of op(A), packed k-major */
        PACKED_A,
        /** an edge tile of C, padded to a whole tile */
        EDGE_TILE,
        /** the plain-Java micro-kernel's accumulators */
        ACCUMULATORS,
        /** Cᵀ, for a product that runs transposed */
        TRANSPOSED_C
    }

    private static final int SLOTS = Slot.values().length;
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][0]);

    private Workspace() {}

    /** A float array of at least {@code size} elements for this thread's slot (contents undefined). */
    static float[] floats(Slot slot, int size) {
        float[][] mine = FLOATS.get();
        int s = slot.ordinal();
        if (mine[s].length < size) mine[s] = new float[Math.max(size, mine[s].length * 3 / 2)];
        return mine[s];
    }

    /** A double array of at least {@code size} elements for this thread's slot (contents undefined). */
    static double[] doubles(Slot slot, int size) {
        double[][] mine = DOUBLES.get();
        int s = slot.ordinal();
        if (mine[s].length < size) mine[s] = new double[Math.max(size, mine[s].length * 3 / 2)];
        return mine[s];
    }
}
