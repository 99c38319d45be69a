package dev.gatelab.kernel;

/**
 * Scratch arrays that each thread reuses from call to call, so the hot loops allocate nothing once warm. Slot numbers
 * keep the users of one thread apart (the matmul's packed B is slot 0, its packed A slot 1, the gate kernels' exponents slot 4).
 */
final class Workspace {
    private static final int SLOTS = 5;
    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Workspace() {}

    /** A float array of at least {@code size} elements for this thread's slot (contents undefined). */
    static float[] floats(int slot, int size) {
        float[][] mine = ARRAYS.get();
        if (mine[slot].length < size) mine[slot] = new float[Math.max(size, mine[slot].length * 3 / 2)];
        return mine[slot];
    }
}
