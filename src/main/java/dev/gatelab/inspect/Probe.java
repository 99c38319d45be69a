package dev.gatelab.inspect;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A linear probe: can a property be read from the states by a linear map, on data it was not fitted on? Fitted on the
 * positions marked {@code train}, scored on the others, from all units together (pooled) and from each unit alone. A
 * probe's score means something only beside a control: the same probe on an untrained network's states (Hewitt and
 * Liang 2019), and the best single unit.
 *
 * <ul>
 *   <li>{@link #ridge}: ridge regression in closed form, scored by R² (1 − residual / variance of the held-out labels);
 *   <li>{@link #logistic}: L2-regularised logistic regression by Newton's method, for a 0/1 property, scored by
 *       accuracy, with the majority class's accuracy as chance;
 *   <li>{@link #classes}: one such probe per class against the rest, for a label of several classes.
 * </ul>
 *
 * <pre>{@code
 * Probe.Result r = Probe.logistic(trace, "c", insideQuotes, firstHalf, 1e-3);
 * r.test();                 // held-out accuracy from all units
 * r.bestUnit();             // the best single unit's held-out accuracy
 * }</pre>
 */
public final class Probe {
    private Probe() {}

    /**
     * What a probe scored.
     *
     * @param metric "R²" or "accuracy"
     * @param train its score on the positions it was fitted on
     * @param test its score on the others
     * @param perUnit each unit alone, on the held-out positions
     * @param chance what predicting without the states scores on the held-out positions: 0 for R² (the training
     *     mean), the majority class's accuracy for a classifier
     */
    public record Result(String metric, double train, double test, double[] perUnit, double chance) {
        /** @return the best single unit's held-out score */
        public double bestUnit() {
            double best = Double.NEGATIVE_INFINITY;
            for (double v : perUnit) best = Math.max(best, v);
            return best;
        }

        /** @return the unit with the best held-out score */
        public int bestUnitIndex() {
            int best = 0;
            for (int j = 1; j < perUnit.length; j++) if (perUnit[j] > perUnit[best]) best = j;
            return best;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: train %.3f, held-out %.3f (best unit %d: %.3f; chance %.3f)", metric, train,
                    test, bestUnitIndex(), bestUnit(), chance);
        }
    }

    /**
     * A ridge regression probe from a traced value of layer 0, forward direction.
     *
     * @param trace the trace
     * @param name the traced value read ("h", "c", a gate)
     * @param labels one per sample and step, sample by sample (positions past a sample's length are skipped)
     * @param train which positions it is fitted on; it is scored on the rest
     * @param lambda the L2 penalty (not on the intercept), ≥ 0
     * @return the scores
     */
    public static Result ridge(GateTrace trace, String name, double[] labels, boolean[] train, double lambda) {
        double[][] x = features(trace, name, labels, train);
        return ridge(x, labels, train, lambda);
    }

    /**
     * A logistic probe from a traced value of layer 0, forward direction, for a 0/1 property.
     *
     * @param trace the trace
     * @param name the traced value read
     * @param labels 0 or 1, one per sample and step
     * @param train which positions it is fitted on; it is scored on the rest
     * @param lambda the L2 penalty (not on the intercept), ≥ 0
     * @return the scores
     */
    public static Result logistic(GateTrace trace, String name, double[] labels, boolean[] train, double lambda) {
        double[][] x = features(trace, name, labels, train);
        return logistic(x, labels, train, lambda);
    }

    /** The value's units at each position, one row per position (NaN rows past a sample's length). */
    private static double[][] features(GateTrace trace, String name, double[] labels, boolean[] train) {
        if (trace == null) throw new ArgumentException("Probe: the trace is null");
        int positions = trace.samples() * trace.steps();
        if (labels == null || train == null || labels.length != positions || train.length != positions) {
            throw new ArgumentException("Probe: expected " + positions + " labels and train flags (" + trace.samples()
                    + " samples × " + trace.steps() + " steps), got " + (labels == null ? "none" : labels.length) + " and "
                    + (train == null ? "none" : train.length));
        }
        Tensor v = trace.gate(0, Direction.FORWARD, name);
        int width = v.dim(2);
        double[][] x = new double[positions][width];
        for (int p = 0; p < positions; p++) for (int j = 0; j < width; j++) x[p][j] = v.get(p * width + j);
        return x;
    }

    /**
     * A ridge regression probe on any features.
     *
     * @param x one row of features per position (a row with a NaN is skipped)
     * @param y one label per position
     * @param train which rows it is fitted on
     * @param lambda the L2 penalty, ≥ 0
     * @return the scores
     */
    public static Result ridge(double[][] x, double[] y, boolean[] train, double lambda) {
        Data d = Data.of(x, y, train, lambda, "Probe.ridge");
        double[] w = d.fitRidge(d.allColumns());
        double[] perUnit = new double[d.width];
        for (int j = 0; j < d.width; j++) perUnit[j] = d.r2(d.fitRidge(new int[] {j}), new int[] {j}, false);
        return new Result("R²", d.r2(w, d.allColumns(), true), d.r2(w, d.allColumns(), false), perUnit, 0);
    }

    /**
     * A logistic probe on any features, for a 0/1 label.
     *
     * @param x one row of features per position (a row with a NaN is skipped)
     * @param y 0 or 1 per position
     * @param train which rows it is fitted on
     * @param lambda the L2 penalty, ≥ 0
     * @return the scores
     */
    public static Result logistic(double[][] x, double[] y, boolean[] train, double lambda) {
        Data d = Data.of(x, y, train, lambda, "Probe.logistic");
        for (int r = 0; r < y.length; r++) {
            if (d.used[r] && y[r] != 0 && y[r] != 1) {
                throw new ArgumentException("Probe.logistic: labels must be 0 or 1, got " + y[r] + " at position " + r);
            }
        }
        double[] w = d.fitLogistic(d.allColumns());
        double[] perUnit = new double[d.width];
        for (int j = 0; j < d.width; j++) perUnit[j] = d.accuracy(d.fitLogistic(new int[] {j}), new int[] {j}, false);
        double ones = 0, trainOnes = 0, n = 0, nTrain = 0;
        for (int r = 0; r < y.length; r++) {
            if (!d.used[r]) continue;
            if (train[r]) {
                trainOnes += y[r];
                nTrain++;
            } else {
                ones += y[r];
                n++;
            }
        }
        double majority = trainOnes * 2 >= nTrain ? 1 : 0; // the class a probe without states would always say
        double chance = majority == 1 ? ones / n : 1 - ones / n;
        return new Result("accuracy", d.accuracy(w, d.allColumns(), true), d.accuracy(w, d.allColumns(), false), perUnit, chance);
    }

    /**
     * A probe for a label with several classes (a stored symbol, say): one logistic probe per class against the rest,
     * each position given the class whose probe scores it highest. Scored by accuracy, pooled and per unit, with the
     * accuracy of always saying the training rows' most frequent class as chance.
     *
     * @param x one row of features per position (a row with a NaN is skipped)
     * @param y the class of each position, a whole number
     * @param train which rows it is fitted on
     * @param lambda the L2 penalty, ≥ 0
     * @return the scores
     */
    public static Result classes(double[][] x, double[] y, boolean[] train, double lambda) {
        Data all = Data.of(x, y, train, lambda, "Probe.classes");
        java.util.TreeMap<Double, Integer> count = new java.util.TreeMap<>();
        for (int r = 0; r < y.length; r++) {
            if (!all.used[r]) continue;
            if (y[r] != Math.rint(y[r])) throw new ArgumentException("Probe.classes: labels must be whole numbers, got " + y[r] + " at position " + r);
            if (train[r]) count.merge(y[r], 1, Integer::sum);
        }
        if (count.size() < 2) throw new ArgumentException("Probe.classes: the training rows hold " + count.size() + " class; a probe needs two or more");
        double[] classes = count.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        Data[] oneVsRest = new Data[classes.length];
        for (int c = 0; c < classes.length; c++) {
            double[] is = new double[y.length];
            for (int r = 0; r < y.length; r++) is[r] = Double.isFinite(y[r]) ? (y[r] == classes[c] ? 1 : 0) : Double.NaN;
            oneVsRest[c] = Data.of(x, is, train, lambda, "Probe.classes");
        }
        double[] perUnit = new double[all.width];
        for (int j = 0; j < all.width; j++) perUnit[j] = classAccuracy(oneVsRest, classes, all, new int[] {j}, false);
        double majority = count.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).get().getKey();
        int same = 0, n = 0;
        for (int r = 0; r < y.length; r++) {
            if (!all.used[r] || train[r]) continue;
            n++;
            if (y[r] == majority) same++;
        }
        int[] cols = all.allColumns();
        return new Result("accuracy", classAccuracy(oneVsRest, classes, all, cols, true),
                classAccuracy(oneVsRest, classes, all, cols, false), perUnit, (double) same / n);
    }

    /** The share of rows whose highest one-vs-rest score is their own class. */
    private static double classAccuracy(Data[] oneVsRest, double[] classes, Data all, int[] cols, boolean onTrain) {
        double[][] scores = new double[classes.length][];
        for (int c = 0; c < classes.length; c++) scores[c] = oneVsRest[c].scores(oneVsRest[c].fitLogistic(cols), cols, onTrain);
        double[] t = all.labels(onTrain);
        int right = 0;
        for (int i = 0; i < t.length; i++) {
            int best = 0;
            for (int c = 1; c < classes.length; c++) if (scores[c][i] > scores[best][i]) best = c;
            if (classes[best] == t[i]) right++;
        }
        return (double) right / t.length;
    }

    /** The rows, standardised by the training rows' means and deviations so that one λ suits every unit. */
    private static final class Data {
        final double[][] x;
        final double[] y;
        final boolean[] train, used;
        final double lambda;
        final int width;

        private Data(double[][] x, double[] y, boolean[] train, boolean[] used, double lambda) {
            this.x = x;
            this.y = y;
            this.train = train;
            this.used = used;
            this.lambda = lambda;
            this.width = x[0].length;
        }

        static Data of(double[][] x, double[] y, boolean[] train, double lambda, String where) {
            if (x == null || y == null || train == null || x.length != y.length || train.length != y.length || x.length == 0) {
                throw new ArgumentException(where + ": expected as many feature rows, labels and train flags, got "
                        + (x == null ? "none" : x.length) + ", " + (y == null ? "none" : y.length) + " and "
                        + (train == null ? "none" : train.length));
            }
            if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new ArgumentException(where + ": lambda must be >= 0, got " + lambda);
            int width = x[0].length;
            boolean[] used = new boolean[y.length];
            int nTrain = 0, nTest = 0;
            for (int r = 0; r < y.length; r++) {
                if (x[r].length != width) throw new ArgumentException(where + ": row " + r + " has " + x[r].length + " features, row 0 " + width);
                boolean finite = Double.isFinite(y[r]);
                for (double v : x[r]) finite &= Double.isFinite(v);
                used[r] = finite;
                if (finite && train[r]) nTrain++;
                else if (finite) nTest++;
            }
            if (nTrain < 2 || nTest < 1) {
                throw new ArgumentException(where + ": " + nTrain + " positions to fit on and " + nTest
                        + " to score on; a probe needs both, held apart");
            }
            double[][] z = new double[y.length][width];
            for (int j = 0; j < width; j++) {
                double mean = 0, sq = 0;
                for (int r = 0; r < y.length; r++) if (used[r] && train[r]) mean += x[r][j] / nTrain;
                for (int r = 0; r < y.length; r++) if (used[r] && train[r]) sq += (x[r][j] - mean) * (x[r][j] - mean);
                double sd = Math.sqrt(sq / nTrain);
                for (int r = 0; r < y.length; r++) z[r][j] = used[r] ? (sd > 0 ? (x[r][j] - mean) / sd : 0) : 0;
            }
            return new Data(z, y, train, used, lambda);
        }

        int[] allColumns() {
            return java.util.stream.IntStream.range(0, width).toArray();
        }

        /** Rows fitted on: an intercept column, then the chosen features. */
        private DMatrixRMaj design(int[] cols, boolean onTrain) {
            int n = 0;
            for (int r = 0; r < y.length; r++) if (used[r] && train[r] == onTrain) n++;
            DMatrixRMaj a = new DMatrixRMaj(n, cols.length + 1);
            int i = 0;
            for (int r = 0; r < y.length; r++) {
                if (!used[r] || train[r] != onTrain) continue;
                a.set(i, 0, 1);
                for (int k = 0; k < cols.length; k++) a.set(i, k + 1, x[r][cols[k]]);
                i++;
            }
            return a;
        }

        private double[] labels(boolean onTrain) {
            return java.util.stream.IntStream.range(0, y.length).filter(r -> used[r] && train[r] == onTrain).mapToDouble(r -> y[r]).toArray();
        }

        /** w = (AᵀA + λ·I′)⁻¹Aᵀy, I′ the identity without the intercept's entry. */
        double[] fitRidge(int[] cols) {
            DMatrixRMaj a = design(cols, true), ata = new DMatrixRMaj(cols.length + 1, cols.length + 1);
            CommonOps_DDRM.multTransA(a, a, ata);
            for (int k = 1; k <= cols.length; k++) ata.add(k, k, lambda * a.numRows);
            DMatrixRMaj aty = new DMatrixRMaj(cols.length + 1, 1), w = new DMatrixRMaj(cols.length + 1, 1);
            CommonOps_DDRM.multTransA(a, new DMatrixRMaj(labels(true)), aty);
            if (!CommonOps_DDRM.solve(ata, aty, w)) throw new ArgumentException("Probe.ridge: the normal equations are singular; raise lambda");
            return w.data.clone();
        }

        /** Newton's method on the penalised log-likelihood, from w = 0. */
        double[] fitLogistic(int[] cols) {
            DMatrixRMaj a = design(cols, true);
            double[] t = labels(true);
            int p = cols.length + 1;
            DMatrixRMaj w = new DMatrixRMaj(p, 1);
            for (int iteration = 0; iteration < 50; iteration++) {
                DMatrixRMaj grad = new DMatrixRMaj(p, 1), hess = new DMatrixRMaj(p, p), step = new DMatrixRMaj(p, 1);
                for (int i = 0; i < a.numRows; i++) {
                    double z = 0;
                    for (int k = 0; k < p; k++) z += a.get(i, k) * w.get(k);
                    double prob = 1 / (1 + Math.exp(-z)), s = prob * (1 - prob);
                    for (int k = 0; k < p; k++) {
                        grad.add(k, 0, (prob - t[i]) * a.get(i, k));
                        for (int l = 0; l < p; l++) hess.add(k, l, s * a.get(i, k) * a.get(i, l));
                    }
                }
                for (int k = 1; k < p; k++) {
                    grad.add(k, 0, lambda * a.numRows * w.get(k));
                    hess.add(k, k, lambda * a.numRows);
                }
                hess.add(0, 0, 1e-9 * a.numRows); // keeps a separable intercept finite
                if (!CommonOps_DDRM.solve(hess, grad, step)) break;
                double largest = 0;
                for (int k = 0; k < p; k++) {
                    w.add(k, 0, -step.get(k));
                    largest = Math.max(largest, Math.abs(step.get(k)));
                }
                if (largest < 1e-10) break;
            }
            return w.data.clone();
        }

        double r2(double[] w, int[] cols, boolean onTrain) {
            DMatrixRMaj a = design(cols, onTrain);
            double[] t = labels(onTrain), fitted = labels(true);
            double trainMean = 0;
            for (double v : fitted) trainMean += v / fitted.length;
            double residual = 0, total = 0;
            for (int i = 0; i < a.numRows; i++) {
                double pred = 0;
                for (int k = 0; k < w.length; k++) pred += a.get(i, k) * w[k];
                residual += (t[i] - pred) * (t[i] - pred);
                total += (t[i] - trainMean) * (t[i] - trainMean);
            }
            return total > 0 ? 1 - residual / total : 0;
        }

        /** The linear score of every row of the chosen set. */
        double[] scores(double[] w, int[] cols, boolean onTrain) {
            DMatrixRMaj a = design(cols, onTrain);
            double[] z = new double[a.numRows];
            for (int i = 0; i < a.numRows; i++) for (int k = 0; k < w.length; k++) z[i] += a.get(i, k) * w[k];
            return z;
        }

        double accuracy(double[] w, int[] cols, boolean onTrain) {
            DMatrixRMaj a = design(cols, onTrain);
            double[] t = labels(onTrain);
            int right = 0;
            for (int i = 0; i < a.numRows; i++) {
                double z = 0;
                for (int k = 0; k < w.length; k++) z += a.get(i, k) * w[k];
                if ((z >= 0 ? 1 : 0) == t[i]) right++;
            }
            return (double) right / a.numRows;
        }
    }
}
