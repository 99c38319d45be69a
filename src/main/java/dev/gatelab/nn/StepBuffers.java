package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-step tensors a recurrent layer saves for backward (gates, cell states, hidden states), and the working rows
 * of its steps (scratch, running gradients), reused from one
 * batch to the next: a sequence takes a set when its forward starts and gives it back when its backward is done, so a
 * training loop allocates none of them once warm. Sets are kept per thread and by shape; contents are left from the
 * last user, and every one of them is written whole before it is read.
 *
 * <p>Idle sets are held softly, so the garbage collector takes them back before memory runs short, and only for the
 * shapes used last: a notebook that goes on to other models or sequence lengths does not keep the old ones.
 */
final class StepBuffers {
    /**
     * Idle sets kept of one shape (a two-layer bidirectional layer on two threads holds eight at once), and shapes
     * remembered (a layer's blocks take sets of several shapes).
     */
    private static final int KEEP = 8, SHAPES = 16;
    private static final ThreadLocal<Map<Shape, ArrayDeque<SoftReference<Tensor[]>>>> IDLE =
            ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Shape, ArrayDeque<SoftReference<Tensor[]>>> eldest) {
                    return size() > SHAPES;
                }
            });

    private record Shape(DType dtype, int steps, int rows, int cols) {}

    private StepBuffers() {}

    /** {@code steps} tensors of [rows, cols]. */
    static Tensor[] take(DType dtype, int steps, int rows, int cols) {
        ArrayDeque<SoftReference<Tensor[]>> idle = IDLE.get().get(new Shape(dtype, steps, rows, cols));
        while (idle != null && !idle.isEmpty()) {
            Tensor[] set = idle.pop().get();
            if (set != null) return set;
        }
        Tensor[] set = new Tensor[steps];
        for (int s = 0; s < steps; s++) set[s] = Tensor.zeros(dtype, rows, cols);
        return set;
    }

    /** Hands a set from {@link #take} back; its tensors must not be used after this. */
    static void giveBack(Tensor[] set) {
        if (set == null || set.length == 0) return;
        Tensor first = set[0];
        Shape shape = new Shape(first.dtype(), set.length, first.dim(0), first.dim(1));
        ArrayDeque<SoftReference<Tensor[]>> idle = IDLE.get().computeIfAbsent(shape, k -> new ArrayDeque<>());
        if (idle.size() < KEEP) idle.push(new SoftReference<>(set));
    }
}
