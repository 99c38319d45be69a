package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several models, each trained with several seeds, compared with one reference model the way Greff et al. (2017)
 * compared the LSTM variants with the vanilla LSTM: Welch's t-test of each model's runs against the reference's
 * ({@link Welch}), the family of p-values adjusted together ({@link Holm}), and a verdict: better or worse only where
 * the adjusted p-value is below the level, a tie otherwise, however far apart the means look. On a log scale (losses
 * that span decades) the test compares log₁₀ values and the centre is the geometric mean.
 *
 * <pre>{@code
 * SeedComparison c = SeedComparison.against("V", testMse).lowerIsBetter().logScale();
 * System.out.println(c);          // one row per model: centre, range, p, Holm's p, verdict
 * c.verdict("NFG");               // Verdict.WORSE, BETTER or TIE
 * }</pre>
 */
public final class SeedComparison {
    /** What the runs say about a model against the reference. */
    public enum Verdict {
        /** The model the others are tested against. */
        REFERENCE,
        /** Better than the reference, with Holm's adjusted p below the level. */
        BETTER,
        /** Worse than the reference, with Holm's adjusted p below the level. */
        WORSE,
        /** Not distinguishable from the reference by these runs. */
        TIE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One model's line.
     *
     * @param model its name
     * @param values its runs, one per seed
     * @param centre the mean, or the geometric mean on a log scale
     * @param test Welch's test against the reference (null for the reference)
     * @param adjustedP Holm's adjusted p-value (NaN for the reference)
     * @param verdict better, worse or a tie at the level
     */
    public record Row(String model, double[] values, double centre, Welch.Result test, double adjustedP, Verdict verdict) {
        /** @return the lowest run */
        public double min() {
            return Arrays.stream(values).min().orElseThrow();
        }

        /** @return the highest run */
        public double max() {
            return Arrays.stream(values).max().orElseThrow();
        }
    }

    private final String reference;
    private final Map<String, double[]> results;
    private boolean lowerIsBetter, logScale;
    private double level = 0.05;

    private SeedComparison(String reference, Map<String, double[]> results) {
        if (results == null || results.isEmpty()) throw new ArgumentException("SeedComparison: expected results of at least two models, got none");
        if (!results.containsKey(reference)) {
            throw new ArgumentException("SeedComparison: the reference '" + reference + "' is not among the models " + results.keySet());
        }
        if (results.size() < 2) throw new ArgumentException("SeedComparison: expected at least one model besides the reference '" + reference + "'");
        this.reference = reference;
        this.results = new LinkedHashMap<>(results);
    }

    /**
     * @param reference the model every other is tested against
     * @param results each model's runs, one value per seed (at least 2), in the order the rows should take
     * @return a comparison where higher values are better, on a linear scale, at the level 0.05
     */
    public static SeedComparison against(String reference, Map<String, double[]> results) {
        return new SeedComparison(reference, results);
    }

    /** @return this, comparing values where lower is better (a loss) */
    public SeedComparison lowerIsBetter() {
        lowerIsBetter = true;
        return this;
    }

    /** @return this, testing and averaging log₁₀ values (every value must then be positive) */
    public SeedComparison logScale() {
        logScale = true;
        return this;
    }

    /**
     * @param alpha the family-wise level below which an adjusted p-value makes a verdict, in (0, 1)
     * @return this
     */
    public SeedComparison level(double alpha) {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException("SeedComparison.level: expected a level in (0, 1), got " + alpha);
        level = alpha;
        return this;
    }

    /** @return one row per model, the reference's included, in the order given */
    public List<Row> rows() {
        Map<String, double[]> scaled = new LinkedHashMap<>();
        results.forEach((model, v) -> scaled.put(model, scaled(model, v)));
        List<String> others = new ArrayList<>(results.keySet());
        others.remove(reference);
        Welch.Result[] tests = new Welch.Result[others.size()];
        double[] p = new double[others.size()];
        for (int i = 0; i < others.size(); i++) {
            tests[i] = Welch.test(scaled.get(others.get(i)), scaled.get(reference));
            p[i] = tests[i].pValue();
        }
        double[] adjusted = Holm.adjust(p);
        List<Row> rows = new ArrayList<>();
        for (String model : results.keySet()) {
            double centre = Arrays.stream(scaled.get(model)).average().orElseThrow();
            if (logScale) centre = Math.pow(10, centre);
            int i = others.indexOf(model);
            if (i < 0) {
                rows.add(new Row(model, results.get(model).clone(), centre, null, Double.NaN, Verdict.REFERENCE));
                continue;
            }
            boolean lower = tests[i].difference() < 0;
            Verdict v = adjusted[i] >= level ? Verdict.TIE : lower == lowerIsBetter ? Verdict.BETTER : Verdict.WORSE;
            rows.add(new Row(model, results.get(model).clone(), centre, tests[i], adjusted[i], v));
        }
        return rows;
    }

    /**
     * @param model one of the models
     * @return its verdict against the reference
     */
    public Verdict verdict(String model) {
        return rows().stream().filter(r -> r.model().equals(model)).findFirst()
                .orElseThrow(() -> new ArgumentException("SeedComparison.verdict: no model '" + model + "' among " + results.keySet()))
                .verdict();
    }

    private double[] scaled(String model, double[] v) {
        if (v == null) throw new ArgumentException("SeedComparison: the runs of '" + model + "' are null");
        if (v.length < 2) {
            throw new ArgumentException("SeedComparison: '" + model + "' has " + v.length + (v.length == 1 ? " run" : " runs")
                    + "; Welch's test needs at least 2 for each model");
        }
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i]) || (logScale && out[i] <= 0)) {
                throw new ArgumentException("SeedComparison: expected " + (logScale ? "positive finite values on a log scale" : "finite values")
                        + "; run " + i + " of '" + model + "' is " + out[i]);
            }
            if (logScale) out[i] = Math.log10(out[i]);
        }
        return out;
    }

    /** @return the table: each model's centre and range, Welch's p against the reference, Holm's p and the verdict */
    @Override
    public String toString() {
        List<Row> rows = rows();
        int width = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(5));
        String centre = logScale ? "geometric mean" : "mean";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s %4s %14s  %-21s %8s %8s  %s%n",
                "model", "runs", centre, "(min–max)", "p vs " + reference, "Holm p", "verdict"));
        for (Row r : rows) {
            String range = String.format(Locale.ROOT, "(%.4g–%.4g)", r.min(), r.max());
            String p = r.test() == null ? "—" : String.format(Locale.ROOT, "%.3g", r.test().pValue());
            String adj = r.test() == null ? "—" : String.format(Locale.ROOT, "%.3g", r.adjustedP());
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %4d %14.4g  %-21s %8s %8s  %s%n", r.model(),
                    r.values().length, r.centre(), range, p, adj, r.verdict()));
        }
        sb.append(String.format(Locale.ROOT, "(Welch's t-test%s against %s, Holm-adjusted over %d models; a tie where Holm p ≥ %s; %s is better)",
                logScale ? " of log₁₀ values" : "", reference, rows.size() - 1, level, lowerIsBetter ? "lower" : "higher"));
        return sb.toString();
    }
}
