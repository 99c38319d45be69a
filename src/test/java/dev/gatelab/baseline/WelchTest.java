package dev.gatelab.baseline;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.ArgumentException;
import dev.gatelab.Fixtures;
import org.junit.jupiter.api.Test;

/** Against src/test/python/make_welch_fixture.py: scipy's ttest_ind(equal_var=False), Holm from its definition. */
class WelchTest {
    private static final JsonNode F = Fixtures.load("welch");

    @Test
    void welchMatchesScipyOnSamplesOfEqualAndUnequalSizeAndSpread() {
        for (JsonNode c : F.get("welch")) {
            Welch.Result r = Welch.test(Fixtures.values(c.get("x")), Fixtures.values(c.get("y")));
            assertEquals(c.get("difference").asDouble(), r.difference(), 1e-14);
            assertEquals(c.get("t").asDouble(), r.statistic(), 1e-12);
            assertEquals(c.get("df").asDouble(), r.degreesOfFreedom(), 1e-10);
            assertEquals(c.get("p").asDouble(), r.pValue(), 1e-9, "p for " + c);
        }
    }

    @Test
    void constantSamplesAreEitherTheSameOrCertainlyApart() {
        assertEquals(1, Welch.test(new double[] {2, 2, 2}, new double[] {2, 2}).pValue());
        Welch.Result apart = Welch.test(new double[] {1, 1, 1}, new double[] {2, 2});
        assertEquals(0, apart.pValue());
        assertEquals(Double.NEGATIVE_INFINITY, apart.statistic());
    }

    @Test
    void holmMatchesItsDefinitionAndNeverRejectsLessThanBonferroni() {
        for (JsonNode f : F.get("holm")) {
            double[] p = Fixtures.values(f.get("p"));
            double[] adjusted = Holm.adjust(p);
            assertArrayEquals(Fixtures.values(f.get("adjusted")), adjusted, 1e-15);
            for (int i = 0; i < p.length; i++) {
                assertTrue(adjusted[i] >= p[i] && adjusted[i] <= Math.min(1, p.length * p[i]) + 1e-15);
            }
        }
    }

    @Test
    void badSamplesAndPValuesAreRefusedByName() {
        assertRefuses(ArgumentException.class, () -> Welch.test(new double[] {1}, new double[] {1, 2}),
                "at least 2 values for its variance; the first has 1");
        assertRefuses(ArgumentException.class, () -> Welch.test(new double[] {1, 2}, new double[] {1, Double.NaN}),
                "the second sample has NaN at index 1");
        assertRefuses(ArgumentException.class, () -> Holm.adjust(0.1, 1.5),
                "expected p-values in [0, 1], got 1.5 at index 1");
        assertThrows(ArgumentException.class, Holm::adjust);
    }
}
