package dev.gatelab.inspect;

import dev.gatelab.ArgumentException;
import dev.gatelab.FourDigits;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.plot.SeriesChart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * LSTMVis's pattern search (Strobelt et al. 2018): select a span of one sample and a threshold; the units that are
 * on (at or above the threshold) over the whole span and off just before and just after it are the span's pattern;
 * then every span of the trace where those units are on together is a match, ranked by how closely its length
 * matches the selection's and then by how strongly the units are on.
 *
 * <pre>{@code
 * PatternSearch p = PatternSearch.select(trace, "h", 0, 120, 131, 0.3);   // sample 0, steps [120, 131)
 * p.units();                           // e.g. [17, 88, 201]
 * Table top = p.matches(20, text);     // the 20 best matches, with the text each one covers
 * }</pre>
 */
public final class PatternSearch {
    private final GateTrace trace;
    private final String name;
    private final int sample, from, to;
    private final double threshold;
    private final int[] units;

    private PatternSearch(GateTrace trace, String name, int sample, int from, int to, double threshold, int[] units) {
        this.trace = trace;
        this.name = name;
        this.sample = sample;
        this.from = from;
        this.to = to;
        this.threshold = threshold;
        this.units = units;
    }

    /**
     * Finds the pattern of a span of layer 0, forward direction.
     *
     * @param trace a trace
     * @param name the traced value ("h", "c", a gate)
     * @param sample the sample the span is in
     * @param from the span's first step
     * @param to one past its last step
     * @param threshold a unit is on at or above it
     * @return the search, with its units found; none when no unit is on over the span and off around it
     */
    public static PatternSearch select(GateTrace trace, String name, int sample, int from, int to, double threshold) {
        if (trace == null) throw new ArgumentException("PatternSearch.select: the trace is null");
        trace.checkSample(sample);
        int length = trace.length(sample);
        if (from < 0 || to <= from || to > length) {
            throw new ArgumentException("PatternSearch.select: span [" + from + ", " + to + ") is outside sample " + sample
                    + "'s steps [0, " + length + ")");
        }
        if (!Double.isFinite(threshold)) throw new ArgumentException("PatternSearch.select: the threshold must be finite, got " + threshold);
        Tensor v = trace.gate(0, Direction.FORWARD, name, sample);
        int width = v.dim(1);
        List<Integer> found = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            boolean on = true;
            for (int t = from; t < to && on; t++) on = v.get(t * width + j) >= threshold;
            if (on && from > 0) on = v.get((from - 1) * width + j) < threshold;
            if (on && to < length) on = v.get(to * width + j) < threshold;
            if (on) found.add(j);
        }
        return new PatternSearch(trace, name, sample, from, to, threshold, found.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return the units on over the span and off around it */
    public int[] units() {
        return units.clone();
    }

    /**
     * A span where every unit of the pattern is on.
     *
     * @param sample the sample
     * @param from its first step
     * @param to one past its last
     * @param strength the mean activation of the pattern's units over the span
     */
    public record Match(int sample, int from, int to, double strength) {
        /** @return to − from */
        public int length() {
            return to - from;
        }
    }

    /**
     * Every maximal span where all the pattern's units are on at once, in every sample of the trace, best first:
     * the closest in length to the selection, then the strongest. The selection itself is among them.
     *
     * @return the matches
     */
    public List<Match> matches() {
        if (units.length == 0) return List.of();
        Tensor v = trace.gate(0, Direction.FORWARD, name);
        int steps = trace.steps(), width = v.dim(2);
        List<Match> out = new ArrayList<>();
        for (int b = 0; b < trace.samples(); b++) {
            int start = -1;
            double sum = 0;
            for (int t = 0; t <= trace.length(b); t++) {
                boolean on = t < trace.length(b);
                double here = 0;
                for (int k = 0; k < units.length && on; k++) {
                    double x = v.get((b * steps + t) * width + units[k]);
                    on = x >= threshold;
                    here += x;
                }
                if (on) {
                    if (start < 0) {
                        start = t;
                        sum = 0;
                    }
                    sum += here;
                } else if (start >= 0) {
                    out.add(new Match(b, start, t, sum / ((t - start) * units.length)));
                    start = -1;
                }
            }
        }
        int wanted = to - from;
        out.sort(Comparator.comparingInt((Match m) -> Math.abs(m.length() - wanted))
                .thenComparing(Comparator.comparingDouble(Match::strength).reversed()));
        return out;
    }

    /**
     * The best matches as a Table, with the text each covers when the trace read text.
     *
     * @param limit at most this many rows
     * @param texts one string per sample, a character per step, or null
     * @return rank, sample, from, to, length, strength and (with texts) text
     */
    public Table matches(int limit, List<String> texts) {
        if (texts != null && texts.size() != trace.samples()) {
            throw new ArgumentException("PatternSearch.matches: " + texts.size() + " texts for " + trace.samples() + " samples");
        }
        IntColumn rank = IntColumn.create("rank"), sampleCol = IntColumn.create("sample"), fromCol = IntColumn.create("from");
        IntColumn toCol = IntColumn.create("to"), lengthCol = IntColumn.create("length");
        DoubleColumn strength = DoubleColumn.create("strength");
        StringColumn text = StringColumn.create("text");
        List<Match> all = matches();
        for (int k = 0; k < Math.min(limit, all.size()); k++) {
            Match m = all.get(k);
            rank.append(k + 1);
            sampleCol.append(m.sample());
            fromCol.append(m.from());
            toCol.append(m.to());
            lengthCol.append(m.length());
            strength.append(m.strength());
            if (texts != null) text.append(texts.get(m.sample()).substring(m.from(), m.to()).replace("\n", "⏎"));
        }
        Table t = Table.create("matches of units " + java.util.Arrays.toString(units), rank, sampleCol, fromCol, toCol, lengthCol, strength);
        return FourDigits.on(texts == null ? t : t.addColumns(text));
    }

    /**
     * The pattern's units over the selection and the steps around it, with the threshold: the picture LSTMVis draws
     * of a selection, one line per unit.
     *
     * @param around how many steps to show before and after the span (fewer at the sample's ends)
     * @return the chart; x is the step
     */
    public SeriesChart chart(int around) {
        if (around < 0) throw new ArgumentException("PatternSearch.chart: around must be >= 0, got " + around);
        if (units.length == 0) throw new ArgumentException("PatternSearch.chart: no unit is on over the span and off around it; lower the threshold");
        int first = Math.max(0, from - around), last = Math.min(trace.length(sample), to + around);
        Tensor v = trace.gate(0, Direction.FORWARD, name, sample);
        int width = v.dim(1);
        double[] xs = new double[last - first];
        for (int t = first; t < last; t++) xs[t - first] = t;
        SeriesChart chart = null;
        for (int u : units) {
            double[] ys = new double[last - first];
            for (int t = first; t < last; t++) ys[t - first] = v.get(t * width + u);
            chart = chart == null ? SeriesChart.of("unit " + u, ys) : chart.and("unit " + u, ys);
        }
        return chart.x(xs).baseline(threshold, "threshold")
                .title(String.format(Locale.ROOT, "the pattern of steps [%d, %d) of sample %d: %s ≥ %.3g", from, to, sample, name, threshold))
                .axes("step", name);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PatternSearch(%s ≥ %.3g over sample %d, steps [%d, %d): units %s)", name, threshold,
                sample, from, to, java.util.Arrays.toString(units));
    }
}
