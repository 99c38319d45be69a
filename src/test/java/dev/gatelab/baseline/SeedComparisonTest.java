package dev.gatelab.baseline;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.ArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedComparisonTest {
    private static Map<String, double[]> results() {
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("V", new double[] {1.0e-3, 1.2e-3, 0.9e-3, 1.1e-3, 1.0e-3});
        r.put("far-lower", new double[] {1.0e-5, 1.3e-5, 0.8e-5, 1.1e-5, 1.0e-5});
        r.put("far-higher", new double[] {0.15, 0.16, 0.14, 0.17, 0.15});
        r.put("overlapping", new double[] {0.7e-3, 2.0e-3, 0.9e-3, 1.4e-3, 0.6e-3});
        return r;
    }

    @Test
    void verdictsFollowHolmsAdjustedPOfWelchsTestOnLogValues() {
        SeedComparison c = SeedComparison.against("V", results()).lowerIsBetter().logScale();
        List<SeedComparison.Row> rows = c.rows();
        assertEquals(List.of("V", "far-lower", "far-higher", "overlapping"), rows.stream().map(SeedComparison.Row::model).toList());
        assertEquals(SeedComparison.Verdict.REFERENCE, c.verdict("V"));
        assertEquals(SeedComparison.Verdict.BETTER, c.verdict("far-lower"));
        assertEquals(SeedComparison.Verdict.WORSE, c.verdict("far-higher"));
        assertEquals(SeedComparison.Verdict.TIE, c.verdict("overlapping"));
        // The centre on a log scale is the geometric mean; the p-values are Welch's on log10 values, adjusted by Holm.
        double[] v = results().get("V");
        double geometric = Math.pow(v[0] * v[1] * v[2] * v[3] * v[4], 1.0 / 5);
        assertEquals(geometric, rows.get(0).centre(), 1e-15);
        double[] p = new double[3];
        for (int i = 1; i < 4; i++) {
            p[i - 1] = Welch.test(log10(results().get(rows.get(i).model())), log10(v)).pValue();
            assertEquals(p[i - 1], rows.get(i).test().pValue(), 1e-15);
        }
        double[] adjusted = Holm.adjust(p);
        for (int i = 1; i < 4; i++) assertEquals(adjusted[i - 1], rows.get(i).adjustedP(), 1e-15);
        // Higher is better flips the verdicts; a linear scale centres on the mean.
        SeedComparison higher = SeedComparison.against("V", results());
        assertEquals(SeedComparison.Verdict.WORSE, higher.verdict("far-lower"));
        assertEquals(SeedComparison.Verdict.BETTER, higher.verdict("far-higher"));
        assertEquals(0.154, higher.rows().get(2).centre(), 1e-12);
        assertTrue(c.toString().contains("far-higher"), c.toString());
        assertTrue(c.toString().lines().skip(3).findFirst().orElseThrow().endsWith("worse"), c.toString());
    }

    @Test
    void aRawPBelowTheLevelIsATieWhenTheFamilyCannotCarryIt() {
        Map<String, double[]> r = new LinkedHashMap<>();
        r.put("ref", new double[] {0, 1, 2, 3, 4});
        r.put("a", new double[] {1.9, 2.9, 3.9, 4.9, 5.9});        // shifted by about one standard deviation and a half
        for (int k = 0; k < 8; k++) r.put("same" + k, new double[] {0, 1, 2, 3, 4});
        double raw = Welch.test(r.get("a"), r.get("ref")).pValue();
        assertTrue(raw < 0.1 && raw * 9 >= 0.1, "raw p " + raw + ": below the level alone, above it after Holm");
        SeedComparison c = SeedComparison.against("ref", r).level(0.1);
        assertEquals(SeedComparison.Verdict.TIE, c.verdict("a"));
    }

    @Test
    void badInputIsRefusedByName() {
        assertRefuses(ArgumentException.class, () -> SeedComparison.against("W", results()),
                "the reference 'W' is not among the models [V, far-lower, far-higher, overlapping]");
        Map<String, double[]> r = results();
        r.put("zero", new double[] {0, 1e-3});
        assertRefuses(ArgumentException.class, () -> SeedComparison.against("V", r).logScale().rows(),
                "positive finite values on a log scale; run 0 of 'zero' is 0.0");
        assertRefuses(ArgumentException.class, () -> SeedComparison.against("V", results()).verdict("X"),
                "no model 'X'");
        assertThrows(ArgumentException.class, () -> SeedComparison.against("V", Map.of("V", new double[] {1, 2})));
        assertThrows(ArgumentException.class, () -> SeedComparison.against("V", results()).level(1));
        Map<String, double[]> one = results();
        one.put("single", new double[] {1e-3});
        assertRefuses(ArgumentException.class, () -> SeedComparison.against("V", one).rows(),
                "'single' has 1 run; Welch's test needs at least 2 for each model");
    }

    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.log10(v[i]);
        return out;
    }
}
