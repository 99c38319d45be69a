package dev.gatelab.kernel;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory each thread reuses from call to call, so that a training loop allocates nothing once warm: the one pool
 * behind the matrix kernels' packing buffers, the autograd engine's scratch tensors and the recurrent layers' per-step
 * sets. Two ways in:
 * <ul>
 *   <li>a {@link Slot}: one array per user and thread, grown when too short and handed out again on the next call,
 *       contents left from the last use. The caller keeps it only for the span of one operation.</li>
 *   <li>a lease ({@link #takeIdle}, {@link #keepIdle}): something held across calls (a sequence's saved steps, from
 *       its forward to the end of its backward) and given back when done, to be taken again by the next user of the
 *       same shape.</li>
 * </ul>
 *
 * <p>One policy for both: each thread holds up to {@link #HELD_STRONGLY} elements strongly (its slots' arrays and its
 * idle leases, first come first served); whatever would go beyond is held softly, so the collector takes it back
 * before memory runs short, and a notebook that once ran a 20,000-step sequence does not keep its arrays for good. Leases are kept for the {@link #SHAPES} shapes used
 * last, at most {@link #PER_SHAPE} of each.
 */
public final class Arena {
    /** Elements a thread's arena holds strongly (16 MB of float32); the rest it holds softly. */
    public static final long HELD_STRONGLY = 1L << 22;
    /** Idle leases kept of one shape (a two-layer bidirectional layer on two threads holds eight at once). */
    static final int PER_SHAPE = 8;
    /** Lease shapes remembered (a layer's blocks take sets of several shapes). */
    static final int SHAPES = 16;

    private static final AtomicInteger SLOTS = new AtomicInteger();
    private static final ThreadLocal<Held> HELD = ThreadLocal.withInitial(Held::new);

    private Arena() {}

    /** A user's array in every thread's arena; make one per use, as a constant, so that no two users share one. */
    public static final class Slot {
        private final int index;
        private final String name;

        private Slot(int index, String name) {
            this.index = index;
            this.name = name;
        }

        @Override
        public String toString() {
            return "Arena.Slot(" + name + ")";
        }
    }

    /**
     * A new slot, told apart from every other by identity.
     *
     * @param name what it holds, for messages
     * @return the slot
     */
    public static Slot slot(String name) {
        return new Slot(SLOTS.getAndIncrement(), name);
    }

    /**
     * This thread's float array for {@code slot}, of at least {@code size} elements (contents undefined).
     *
     * @param slot whose array
     * @param size the fewest elements wanted
     * @return the array
     */
    public static float[] floats(Slot slot, int size) {
        return array(2 * slot.index, size, Elements.FLOAT);
    }

    /**
     * This thread's double array for {@code slot}, of at least {@code size} elements (contents undefined).
     *
     * @param slot whose array
     * @param size the fewest elements wanted
     * @return the array
     */
    public static double[] doubles(Slot slot, int size) {
        return array(2 * slot.index + 1, size, Elements.DOUBLE);
    }

    /** Slot {@code i}'s array of this thread, grown to {@code size} if shorter. */
    @SuppressWarnings("unchecked")
    private static <A> A array(int i, int size, Elements<A> type) {
        Held mine = HELD.get();
        Object kept = mine.at(i);
        A a = (A) (kept instanceof SoftReference<?> soft ? soft.get() : kept);
        if (a != null && type.length(a) >= size) return a;
        int length = grown(a == null ? 0 : type.length(a), size);
        a = type.newArray(length);
        mine.put(i, kept, a, length);
        return a;
    }

    /**
     * An idle lease of {@code shape} that this thread gave back earlier, or null when it has none (the caller then
     * makes one).
     *
     * @param shape what was leased, compared by equals (a record of the lease's type and sizes)
     * @param type the lease's class
     * @param <T> the lease's type
     * @return the lease, now the caller's, or null
     */
    public static <T> T takeIdle(Object shape, Class<T> type) {
        Held mine = HELD.get();
        ArrayDeque<Idle> idle = mine.leases.get(shape);
        while (idle != null && !idle.isEmpty()) {
            Object lease = mine.release(idle.pop());
            if (lease != null) return type.cast(lease);
        }
        return null;
    }

    /**
     * Gives a lease back for the next user of the same shape on this thread; the caller must not use it after this.
     *
     * @param shape what it is, as {@link #takeIdle} will be asked
     * @param lease the lease
     * @param elements how many array elements it holds, for the policy
     * @throws IllegalStateException if the lease is idle already: handed out twice, it would have two users
     */
    public static void keepIdle(Object shape, Object lease, long elements) {
        Held mine = HELD.get();
        ArrayDeque<Idle> idle = mine.leases.computeIfAbsent(shape, k -> new ArrayDeque<>());
        for (Idle kept : idle) {
            if (kept.held() == lease) throw new IllegalStateException("Arena: a lease of " + shape + " given back twice");
        }
        if (idle.size() < PER_SHAPE) idle.push(mine.hold(lease, elements));
    }

    /**
     * The elements this thread's arena holds strongly (slots' arrays and idle leases), at most {@link #HELD_STRONGLY}.
     *
     * @return the count
     */
    public static long heldStrongly() {
        return HELD.get().strong;
    }

    private static int grown(int length, int size) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, length * 3L / 2));
    }

    /** Something the arena keeps, strongly or softly, and how many elements it counts for. */
    private record Idle(Object value, long elements) {
        /** What it holds, or null once the collector has taken a soft one. */
        Object held() {
            return value instanceof SoftReference<?> soft ? soft.get() : value;
        }
    }

    /** One thread's arena. */
    private static final class Held {
        /** By slot: float at 2·index, double at 2·index + 1; an array, a SoftReference to one, or null. */
        Object[] slots = new Object[32];
        /** The elements of the slots' arrays, by slot, for the policy. */
        long[] slotElements = new long[32];
        long strong;
        final Map<Object, ArrayDeque<Idle>> leases = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, ArrayDeque<Idle>> eldest) {
                if (size() <= SHAPES) return false;
                eldest.getValue().forEach(Held.this::release);
                return true;
            }
        };

        Object at(int i) {
            if (i >= slots.length) {
                slots = Arrays.copyOf(slots, Math.max(i + 1, 2 * slots.length));
                slotElements = Arrays.copyOf(slotElements, slots.length);
            }
            return slots[i];
        }

        /** Puts {@code array} in slot {@code i} in place of {@code kept}, strongly if the policy allows. */
        void put(int i, Object kept, Object array, long elements) {
            if (!(kept instanceof SoftReference<?>)) strong -= slotElements[i];
            Idle held = hold(array, elements);
            slots[i] = held.value;
            slotElements[i] = elements;
        }

        Idle hold(Object value, long elements) {
            if (strong + elements <= HELD_STRONGLY) {
                strong += elements;
                return new Idle(value, elements);
            }
            return new Idle(new SoftReference<>(value), elements);
        }

        /** What an idle entry holds, if the collector has not taken it, now no longer counted as held. */
        Object release(Idle idle) {
            if (!(idle.value instanceof SoftReference<?>)) strong -= idle.elements;
            return idle.held();
        }
    }
}
