package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.MultiplicativeLstmEquations;
import dev.gatelab.cell.Step;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.nn.CellLayer;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The training step of every LSTM variant (the full gate recurrence too), the GRU, the multiplicative LSTM and an LSTM written as a user cell, on W1's shape (batch 32, 50
 * steps, 32 inputs, 128 units; forward, backward and an Adam step), against PyTorch's LSTM as Gatelab builds it. The
 * models take turns a few steps at a time, so a slow spell of the machine falls on all of them; each line gives the
 * median ms per step, its min–max, and the ratio to the LSTM's median in the same run.
 *
 * <p>Run: {@code MAVEN_OPTS="--add-modules jdk.incubator.vector" mvn -q test-compile exec:java
 * -Dexec.mainClass=dev.gatelab.bench.CellVariantBenchmark} (optional argument: timed steps per model, default 40).
 */
public final class CellVariantBenchmark {
    private CellVariantBenchmark() {}

    /** PyTorch's LSTM, written in a notebook as any user would write a cell. */
    static CellDefinition userLstm() {
        return CellDefinition.builder("UserLSTM").blocks("i", "f", "g", "o").state("c").step(in -> {
            Expr i = in.preActivation("i").sigmoid(), f = in.preActivation("f").sigmoid(), g = in.preActivation("g").tanh(), o = in.preActivation("o").sigmoid();
            Expr c = f.mul(in.state("c")).add(i.mul(g));
            return Step.of(o.mul(c.tanh())).state("c", c).gate("i", i).gate("f", f).gate("g", g).gate("o", o);
        }).build();
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 40, batch = 32, length = 50, input = 32, hidden = 128;
        Map<String, Supplier<Recurrent>> models = new LinkedHashMap<>();
        models.put("LSTM", () -> LSTM.builder(input, hidden).batchFirst().build());
        models.put("LSTM peepholes", () -> LSTM.builder(input, hidden).peepholes().batchFirst().build());
        models.put("LSTM NIG", () -> LSTM.builder(input, hidden).withoutInputGate().batchFirst().build());
        models.put("LSTM NFG", () -> LSTM.builder(input, hidden).withoutForgetGate().batchFirst().build());
        models.put("LSTM NOG", () -> LSTM.builder(input, hidden).withoutOutputGate().batchFirst().build());
        models.put("LSTM NIAF", () -> LSTM.builder(input, hidden).withoutInputActivation().batchFirst().build());
        models.put("LSTM NOAF", () -> LSTM.builder(input, hidden).withoutOutputActivation().batchFirst().build());
        models.put("LSTM CIFG", () -> LSTM.builder(input, hidden).coupledGates().batchFirst().build());
        models.put("LSTM forgetBias", () -> LSTM.builder(input, hidden).forgetBias(1).batchFirst().build());
        models.put("LSTM layerNorm", () -> LSTM.builder(input, hidden).layerNorm().batchFirst().build());
        models.put("LSTM FGR", () -> LSTM.builder(input, hidden).fullGateRecurrence().batchFirst().build());
        models.put("vanilla (peep.+CIFG)", () -> LSTM.builder(input, hidden).peepholes().coupledGates().batchFirst().build());
        models.put("GRU", () -> GRU.builder(input, hidden).batchFirst().build());
        models.put("mLSTM", () -> CellLayer.builder(MultiplicativeLstmEquations.DEFINITION, input, hidden).batchFirst().build());
        models.put("user-written LSTM", () -> CellLayer.builder(userLstm(), input, hidden).batchFirst().build());

        System.out.printf("CPU %s, JDK %s, 1 thread; W1's shape: batch %d, %d steps, %d inputs, %d units%n",
                MachinePeak.cpuModel(), Runtime.version(), batch, length, input, hidden);
        Parallel.setThreads(1);
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT32, batch, length, input);
        Tensor y = Tensor.randn(new Rng(2), DType.FLOAT32, batch, 1);
        Map<String, Runnable> runs = new LinkedHashMap<>();
        models.forEach((name, make) -> {
            Rng.manualSeed(0);
            SequenceModel model = SequenceModel.lastStep(make.get(), 1);
            Adam adam = new Adam(model.parameters(), 1e-3);
            Runnable step = () -> {
                model.zeroGrad();
                Losses.mse().forward(model.forward(x), y).backward();
                adam.step();
            };
            for (int i = 0; i < 30; i++) step.run();
            runs.put(name, step);
        });
        Map<String, List<Double>> times = new LinkedHashMap<>();
        runs.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        int rounds = 8;
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Runnable> r : runs.entrySet()) {
                r.getValue().run(); // untimed: the previous model has just had the caches
                for (int i = 0; i < steps / rounds; i++) {
                    long t0 = System.nanoTime();
                    r.getValue().run();
                    times.get(r.getKey()).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        double lstm = RecurrentBenchmark.stats(times.get("LSTM"))[0];
        System.out.printf("%-22s %22s %10s%n", "model", "ms per step (min-max)", "÷ LSTM");
        times.forEach((name, ms) -> {
            double[] s = RecurrentBenchmark.stats(ms);
            System.out.printf("%-22s %8.2f (%5.2f-%6.2f) %10.3f%n", name, s[0], s[1], s[2], s[0] / lstm);
        });
    }
}
