package dev.gatelab.data;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;

class DataTest {
    /** The latch and its mirror: the most recent pulse, and the next one, read by hand from the same inputs. */
    @Test
    void theLatchKeepsTheLastPulseAndNextPulseAnticipatesTheNext() {
        SequenceDataset latch = Tasks.latch(20, 30, 0.15, new Rng(4)), next = Tasks.nextPulse(20, 30, 0.15, new Rng(4));
        assertArrayEquals(latch.inputs().toArray(), next.inputs().toArray(), "the same pulses from the same seed");
        for (int i = 0; i < 20; i++) {
            for (int t = 0; t < 30; t++) {
                double last = 0, coming = 0;
                for (int u = t; u >= 0 && last == 0; u--) last = latch.inputs().get(i * 30 + u);
                for (int u = t; u < 30 && coming == 0; u++) coming = latch.inputs().get(i * 30 + u);
                assertEquals(last, latch.targets().get(i * 30 + t), "latch " + i + ", " + t);
                assertEquals(coming, next.targets().get(i * 30 + t), "next pulse " + i + ", " + t);
            }
        }
    }

    @Test
    void windowsPairEachStretchWithTheNextValue() {
        SequenceDataset w = Windows.of(DoubleColumn.create("x", new double[] {1, 2, 3, 4, 5}), 3);
        assertEquals(2, w.size());
        assertArrayEquals(new int[] {2, 3, 1}, w.inputs().shape());
        assertArrayEquals(new double[] {2, 3, 4}, w.range(1, 2).inputs().toArray());
        assertArrayEquals(new double[] {4, 5}, w.targets().toArray());
        assertThrows(IllegalArgumentException.class, () -> Windows.of(new double[] {1, 2}, 2));
    }

    @Test
    void scalerInvertsWhatItTransforms() {
        Scaler s = Scaler.fit(new double[] {10, 20, 30});
        assertEquals(0, s.transform(10));
        assertEquals(1, s.transform(30));
        assertEquals(25, s.inverse(s.transform(25)), 1e-12);
        assertEquals(1.5, s.transform(40)); // beyond the fitted range: no clipping
    }

    @Test
    void shufflingRepeatsWithTheSeedAndCoversEverySample() {
        SequenceDataset d = Tasks.noisySine(10, 4, 0, new Rng(1));
        List<Batch> a = d.batches(3, new Rng(5)), b = d.batches(3, new Rng(5)), c = d.batches(3, new Rng(6));
        assertEquals(4, a.size());
        assertEquals(1, a.get(3).size());
        assertArrayEquals(a.get(0).inputs().toArray(), b.get(0).inputs().toArray());
        assertNotEquals(a.get(0).inputs().get(0), c.get(0).inputs().get(0));
        double total = 0, expected = 0;
        for (Batch batch : a) for (double v : batch.targets().toArray()) total += v;
        for (double v : d.targets().toArray()) expected += v;
        assertEquals(expected, total, 1e-5);
    }

    @Test
    void addingProblemMarksOneStepInEachHalfAndSumsThem() {
        SequenceDataset d = Tasks.addingProblem(50, 10, new Rng(2));
        double meanTarget = 0;
        for (int s = 0; s < 50; s++) {
            double sum = 0;
            int first = -1, markers = 0;
            for (int t = 0; t < 10; t++) {
                if (d.inputs().at(s, t, 1) == 1) {
                    markers++;
                    sum += d.inputs().at(s, t, 0);
                    if (first < 0) first = t;
                }
            }
            assertEquals(2, markers);
            assertTrue(first < 5);
            assertEquals(sum, d.targets().get(s), 1e-6);
            meanTarget += d.targets().get(s) / 50;
        }
        assertEquals(1, meanTarget, 0.15);
    }

    @Test
    void copyTaskAsksForTheSymbolsAfterTheDelimiter() {
        SequenceDataset d = Tasks.copyTask(3, 4, 2, 3, new Rng(3));
        int steps = 4 + 2 * 2, width = 3 + 2;
        assertArrayEquals(new int[] {3, steps, width}, d.inputs().shape());
        for (int s = 0; s < 3; s++) {
            for (int k = 0; k < 2; k++) {
                int symbol = (int) d.targets().at(s, steps - 2 + k);
                assertEquals(1, d.inputs().at(s, k, symbol), "symbol " + k + " is given at the start");
            }
            assertEquals(1, d.inputs().at(s, 2 + 4 - 1, width - 1), "the delimiter closes the delay");
            assertEquals(0, d.targets().at(s, 0));
        }
        assertEquals(2 * Math.log(3) / steps, Tasks.copyBaseline(4, 2, 3), 1e-12);
    }

    @Test
    void charVocabularyEncodesDecodesAndRefusesStrangers() {
        CharVocabulary v = CharVocabulary.of("hello world");
        assertEquals(8, v.size());
        assertEquals("low", v.decode(v.encode("low")));
        SequenceDataset seq = v.sequences("hello world", 4, 2);
        assertEquals(v.encode("e")[0], (int) seq.targets().at(0, 0));
        assertRefuses(IllegalArgumentException.class, () -> v.encode("hi!"), "'i'", "position 1");
        for (int[] bad : new int[][] {{3, 0}, {0, 1}, {-2, 3}}) {
            assertRefuses(IllegalArgumentException.class,
                    () -> v.sequences("hello world", bad[0], bad[1]),
                    "length and stride must be positive, got " + bad[0] + " and " + bad[1]);
        }
    }
}
