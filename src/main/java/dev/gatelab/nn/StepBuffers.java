package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.Arena;

/**
 * The per-step tensors a recurrent layer saves for backward (gates, cell states, hidden states), and the working rows
 * of its steps (scratch, running gradients), reused from one batch to the next: a sequence takes a set when its
 * forward starts and gives it back when its backward is done, so a training loop allocates none of them once warm.
 * Idle sets are leases in the thread's {@link Arena}, by shape, under its one policy; contents are left from the last
 * user, and every one of them is written whole before it is read.
 */
final class StepBuffers {
    private record Shape(DType dtype, int steps, int rows, int cols) {}

    private StepBuffers() {}

    /** {@code steps} tensors of [rows, cols]. */
    static Tensor[] take(DType dtype, int steps, int rows, int cols) {
        Tensor[] set = Arena.takeIdle(new Shape(dtype, steps, rows, cols), Tensor[].class);
        if (set != null) return set;
        set = new Tensor[steps];
        for (int s = 0; s < steps; s++) set[s] = Tensor.zeros(dtype, rows, cols);
        return set;
    }

    /** Hands a set from {@link #take} back; its tensors must not be used after this. */
    static void giveBack(Tensor[] set) {
        if (set == null || set.length == 0) return;
        Tensor first = set[0];
        Arena.keepIdle(new Shape(first.dtype(), set.length, first.dim(0), first.dim(1)), set, (long) set.length * first.size());
    }
}
