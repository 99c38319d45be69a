package dev.gatelab.checkpoints;

import dev.gatelab.autograd.Rng;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.MultiplicativeLstmEquations;
import dev.gatelab.cell.Step;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.nn.CellLayer;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.train.Callback;
import dev.gatelab.train.EarlyStopping;
import dev.gatelab.train.History;
import dev.gatelab.train.Metric;
import dev.gatelab.train.StopWhen;
import dev.gatelab.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Makes the committed results of notebook 06: the LSTM variants of Greff et al. (2017), the GRU and the MGU on three
 * tasks, with Adam's learning rate chosen per variant and task on validation, the way the paper searched it. For each
 * task and model: every rate of {@link #RATES} with the two grid seeds, the rate with the lowest mean score, then the
 * five final seeds at that rate, each scored on a test set no run has seen. Run from the repository's root:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.gatelab.checkpoints.OdysseyStudy -Dexec.args="TASK"
 * </pre>
 *
 * with TASK one of adding, copy, latch; it writes notebooks/results/odyssey-TASK.csv, one row per run. With the
 * arguments "TASK 1 FGR,mLSTM" it runs those models alone and puts their rows in the file beside the others'. The tasks are
 * independent, so the three can run side by side, each on one thread. The score that picks the rate (lower is better):
 * <ul>
 *   <li>adding, latch: the best validation MSE over the whole budget, whose weights are restored at the end (the
 *       adding problem sits on a plateau at the baseline for a varying number of epochs before it drops, so a run is
 *       never stopped early);</li>
 *   <li>copy: the epochs until validation recall reaches 0.99, where training stops; a run that never does counts
 *       its whole budget plus 1 − its recall, so among runs that fail the one that got further wins.</li>
 * </ul>
 * Every run is reproduced by {@link #run} with its task, model, rate and seed; notebook 06 reruns some and checks them
 * against the file.
 */
public final class OdysseyStudy {
    private OdysseyStudy() {}

    /** Adam's learning rates searched for every model on every task. */
    public static final double[] RATES = {0.001, 0.003, 0.01, 0.03, 0.1};
    /** Seeds of the search; the final runs use others, so the rate is not chosen on the runs that report it. */
    public static final long[] GRID_SEEDS = {100, 101};
    /** Seeds of the runs at the chosen rate. */
    public static final long[] FINAL_SEEDS = {0, 1, 2, 3, 4};
    /** The models, in the notebook's order. */
    public static final List<String> MODELS = List.of("V", "NIG", "NFG", "NOG", "NIAF", "NOAF", "CIFG", "NP", "FGR", "GRU",
            "MGU", "mLSTM");
    /** Epoch budgets. */
    public static final int ADDING_EPOCHS = 60, COPY_EPOCHS = 300, LATCH_EPOCHS = 40;

    /** The minimal gated unit of Zhou et al. (2016), as notebook 06 writes it. */
    public static final CellDefinition MGU = CellDefinition.builder("MGU").blocks("f", "n")
            .step(in -> {
                Expr f = in.preActivation("f").sigmoid();
                Expr n = in.inputPart("n").add(f.mul(in.hiddenPart("n"))).tanh();
                Expr h = f.oneMinus().mul(in.hidden()).add(f.mul(n));
                return Step.of(h).gate("f", f).gate("n", n);
            })
            .build();

    private static final Map<String, UnaryOperator<LSTM.Builder>> VARIANTS = new LinkedHashMap<>();
    static {
        VARIANTS.put("V", b -> b.peepholes());
        VARIANTS.put("NIG", b -> b.peepholes().withoutInputGate());
        VARIANTS.put("NFG", b -> b.peepholes().withoutForgetGate());
        VARIANTS.put("NOG", b -> b.peepholes().withoutOutputGate());
        VARIANTS.put("NIAF", b -> b.peepholes().withoutInputActivation());
        VARIANTS.put("NOAF", b -> b.peepholes().withoutOutputActivation());
        VARIANTS.put("CIFG", b -> b.peepholes().coupledGates());
        VARIANTS.put("NP", b -> b);
        VARIANTS.put("FGR", b -> b.peepholes().fullGateRecurrence());
    }

    /** One run's outcome: the epochs trained, the score that picks the rate, and the test value that is reported. */
    public record Run(int epochs, double score, double test) {}

    /** The datasets of one task: train, validation and a test set of fresh sequences. */
    private record Data(SequenceDataset train, SequenceDataset valid, SequenceDataset test) {}

    private static Data data(String task) {
        return switch (task) {
            case "adding" -> new Data(Tasks.addingProblem(2000, 50, new Rng(1)), Tasks.addingProblem(500, 50, new Rng(2)),
                    Tasks.addingProblem(2000, 50, new Rng(3)));
            case "copy" -> new Data(Tasks.copyTask(2000, 10, 5, 4, new Rng(1)), Tasks.copyTask(300, 10, 5, 4, new Rng(2)),
                    Tasks.copyTask(2000, 10, 5, 4, new Rng(3)));
            case "latch" -> new Data(Tasks.latch(1000, 40, 0.1, new Rng(1)), Tasks.latch(200, 40, 0.1, new Rng(2)),
                    Tasks.latch(2000, 40, 0.1, new Rng(3)));
            default -> throw new IllegalArgumentException("task: expected adding, copy or latch, got " + task);
        };
    }

    private static Recurrent layer(String model, int input, int hidden) {
        if (model.equals("GRU")) return GRU.builder(input, hidden).batchFirst().build();
        if (model.equals("MGU")) return CellLayer.builder(MGU, input, hidden).batchFirst().build();
        if (model.equals("mLSTM")) return CellLayer.builder(MultiplicativeLstmEquations.DEFINITION, input, hidden).batchFirst().build();
        UnaryOperator<LSTM.Builder> v = VARIANTS.get(model);
        if (v == null) throw new IllegalArgumentException("model: expected one of " + MODELS + ", got " + model);
        return v.apply(LSTM.builder(input, hidden)).batchFirst().build();
    }

    /**
     * Trains one model on one task from scratch, as the study does.
     *
     * @param task adding, copy or latch
     * @param model one of {@link #MODELS}
     * @param rate Adam's learning rate
     * @param seed the seed of the weights and of the batch order
     * @return its epochs, score and test value (test MSE for adding and latch, test recall for copy)
     */
    public static Run run(String task, String model, double rate, long seed) {
        return run(task, data(task), model, rate, seed);
    }

    private static Run run(String task, Data d, String model, double rate, long seed) {
        Rng.manualSeed(seed);
        boolean copy = task.equals("copy");
        SequenceModel m = switch (task) {
            case "adding" -> SequenceModel.lastStep(layer(model, 2, 32), 1);
            case "copy" -> SequenceModel.everyStep(layer(model, 6, 32), 6);
            default -> SequenceModel.everyStep(layer(model, 1, 8), 1);
        };
        StopWhen solved = StopWhen.atLeast("val_recall", 0.99);
        int epochs = copy ? COPY_EPOCHS : task.equals("adding") ? ADDING_EPOCHS : LATCH_EPOCHS;
        EarlyStopping restoreBest = new EarlyStopping(epochs);        // patience of the whole budget: only restores the best epoch
        Trainer t = Trainer.of(m).loss(copy ? Losses.crossEntropy() : Losses.mse())
                .optimizer(new Adam(m.parameters(), rate)).clipGradNorm(1.0).batchSize(32).seed(seed)
                .validation(d.valid()).quiet().skipNonFinite();
        Callback stop = copy ? solved : restoreBest;
        if (copy) t.metric("recall", Metric.accuracyExcept(0));
        History h = t.epochs(epochs).callbacks(stop).fit(d.train());
        if (copy) {
            double recall = h.last("val_recall");
            double score = solved.reachedEpoch() > 0 ? solved.reachedEpoch() : COPY_EPOCHS + 1 - recall;
            return new Run(h.epochs(), score, Metric.accuracyExcept(0).compute(m.predict(d.test().inputs()), d.test().targets()));
        }
        double best = h.doubleColumn("val_loss").min();
        return new Run(h.epochs(), Double.isFinite(best) ? best : Double.MAX_VALUE, m.evaluate(d.test(), Losses.mse()));
    }

    /**
     * @param args the task (adding, copy or latch) and optionally the threads (default 1); with three more, the model,
     *     rate and seed of one run, which is printed
     * @throws Exception when the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        String task = args.length > 0 ? args[0] : "adding";
        Parallel.setThreads(args.length > 1 ? Integer.parseInt(args[1]) : 1);
        Data d = data(task);
        if (args.length == 5) {     // one run: TASK THREADS MODEL RATE SEED
            long start = System.nanoTime();
            Run r = run(task, d, args[2], Double.parseDouble(args[3]), Long.parseLong(args[4]));
            System.out.printf(Locale.ROOT, "%s in %.1f s%n", r, (System.nanoTime() - start) / 1e9);
            return;
        }
        // TASK THREADS MODEL,MODEL…: those models alone, their rows replacing any of theirs in the file; the other
        // models' rows stay as they were, so adding a model to the study does not rerun the others.
        List<String> only = args.length == 3 ? List.of(args[2].split(",")) : MODELS;
        Path out = Path.of("notebooks/results/odyssey-" + task + ".csv");
        List<String> rows = new ArrayList<>();
        rows.add("task,model,phase,lr,seed,epochs,score,test,seconds");
        if (args.length == 3 && Files.exists(out)) {
            for (String line : Files.readAllLines(out).subList(1, Files.readAllLines(out).size())) {
                if (!only.contains(line.split(",")[1])) rows.add(line);
            }
        }
        long all = System.nanoTime();
        for (String model : only) {
            double bestRate = Double.NaN, bestScore = Double.POSITIVE_INFINITY;
            for (double rate : RATES) {
                double sum = 0;
                for (long seed : GRID_SEEDS) {
                    sum += record(rows, task, d, model, "grid", rate, seed);
                }
                if (sum / GRID_SEEDS.length < bestScore) {
                    bestScore = sum / GRID_SEEDS.length;
                    bestRate = rate;
                }
            }
            for (long seed : FINAL_SEEDS) record(rows, task, d, model, "final", bestRate, seed);
        }
        Files.createDirectories(out.getParent());
        Path tmp = Files.createTempFile(out.getParent(), ".odyssey-", ".csv");
        Files.write(tmp, rows);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(Locale.ROOT, "%s: %d runs in %.0f s on %d thread(s), written to %s%n", task, rows.size() - 1,
                (System.nanoTime() - all) / 1e9, Parallel.threads(), out);
    }

    private static double record(List<String> rows, String task, Data d, String model, String phase, double rate, long seed) {
        long start = System.nanoTime();
        Run r = run(task, d, model, rate, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        String row = String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%d,%.17g,%.17g,%.1f", task, model, phase, rate, seed,
                r.epochs(), r.score(), r.test(), seconds);
        rows.add(row);
        System.out.println(row);
        return r.score();
    }
}
