package dev.gatelab.kernel;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.Slow;
import org.junit.jupiter.api.Test;

/** The one pool of reused memory: what it hands out again, and what it lets the collector take. */
class ArenaTest {
    @Test
    void aSlotHandsOutItsArrayAgainUntilItIsTooShort() {
        Arena.Slot slot = Arena.slot("test"), other = Arena.slot("other");
        float[] a = Arena.floats(slot, 100);
        a[0] = 7;
        assertSame(a, Arena.floats(slot, 50), "a shorter request gets the same array, contents left");
        assertEquals(7, Arena.floats(slot, 100)[0]);
        assertNotSame(a, Arena.floats(other, 100), "each slot has its own array");
        assertTrue(Arena.floats(slot, 101).length >= 150, "a longer one grows by half at least, not by one element");
        double[] d = Arena.doubles(slot, 10);
        assertSame(d, Arena.doubles(slot, 10), "float and double arrays of one slot are kept apart");
    }

    @Test
    void aThreadsSlotsAreItsOwn() throws InterruptedException {
        Arena.Slot slot = Arena.slot("test");
        float[] mine = Arena.floats(slot, 10);
        float[][] theirs = new float[1][];
        Thread t = new Thread(() -> theirs[0] = Arena.floats(slot, 10));
        t.start();
        t.join();
        assertNotSame(mine, theirs[0]);
    }

    @Test
    void aLeaseIsTakenAgainOnlyForItsShape() {
        record Shape(int n) {}
        int[] lease = new int[3];
        assertNull(Arena.takeIdle(new Shape(3), int[].class));
        Arena.keepIdle(new Shape(3), lease, 3);
        assertNull(Arena.takeIdle(new Shape(4), int[].class));
        assertSame(lease, Arena.takeIdle(new Shape(3), int[].class));
        assertNull(Arena.takeIdle(new Shape(3), int[].class), "a lease is handed out once");
        Arena.keepIdle(new Shape(3), lease, 3);
        assertRefuses(IllegalStateException.class, () -> Arena.keepIdle(new Shape(3), lease, 3), "given back twice");
        assertSame(lease, Arena.takeIdle(new Shape(3), int[].class));
        assertNull(Arena.takeIdle(new Shape(3), int[].class), "the second give-back was not kept");
    }

    @Test
    void leasesAreKeptForTheShapesUsedLast() {
        record Shape(int n) {}
        for (int s = 0; s <= Arena.SHAPES; s++) Arena.keepIdle(new Shape(s), new int[1], 1);
        assertNull(Arena.takeIdle(new Shape(0), int[].class), "the shape used longest ago is dropped");
        assertTrue(Arena.takeIdle(new Shape(Arena.SHAPES), int[].class) != null);
    }

    /** Issue 11.15: a long run's arrays do not stay reachable for good from the thread that ran it. */
    @Slow
    @Test
    void whatGoesBeyondTheStrongShareIsHeldSoftly() throws Throwable {
        Throwable[] failure = new Throwable[1];
        Thread fresh = new Thread(() -> {   // a thread whose arena the other tests have not filled
            try {
                Arena.Slot gates = Arena.slot("gates");
                Arena.floats(gates, 20_000 * 8 * 256);   // a 20,000-step sequence's gates
                Arena.doubles(gates, 20_000 * 8 * 256);
                Arena.keepIdle("a long sequence's steps", new float[20_000 * 8 * 256], 20_000 * 8 * 256);
                assertEquals(0, Arena.heldStrongly(), "none of the three fits under the strong share");
                Arena.Slot small = Arena.slot("small");
                Arena.floats(small, 1000);
                assertEquals(1000, Arena.heldStrongly(), "a small array is held strongly");
                Arena.floats(small, 2000);
                assertEquals(2000, Arena.heldStrongly(), "the array it replaces is no longer counted");
                Arena.keepIdle("small steps", new float[500], 500);
                assertEquals(2500, Arena.heldStrongly());
                Arena.takeIdle("small steps", float[].class);
                assertEquals(2000, Arena.heldStrongly(), "a lease taken is the caller's again");
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        fresh.start();
        fresh.join();
        if (failure[0] != null) throw failure[0];
    }
}
