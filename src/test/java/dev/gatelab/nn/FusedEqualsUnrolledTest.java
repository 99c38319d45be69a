package dev.gatelab.nn;

import static dev.gatelab.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.GradCheck;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused layers against the op-by-op unrolling of the cell equations ({@link Unrolled}), in float64, over random
 * configurations (mode, layers, sizes, directions, layout, projection, initial states, lengths, batch sizes); and the
 * gradient checker on every layer option.
 */
class FusedEqualsUnrolledTest {
    static final String[] MODES = LayerKind.TORCH_MODES.toArray(new String[0]);

    record Config(String mode, int input, int hidden, int layers, boolean bidirectional, boolean batchFirst, int proj,
            boolean bias, boolean initial, boolean padded, int steps, int batch, long seed) {
        @Override
        public String toString() {
            return mode + " in=" + input + " hidden=" + hidden + " layers=" + layers + (bidirectional ? " bidir" : "")
                    + (batchFirst ? " batch_first" : "") + (proj > 0 ? " proj=" + proj : "") + (bias ? "" : " no-bias")
                    + (initial ? " h0" : "") + (padded ? " lengths" : "") + " T=" + steps + " B=" + batch;
        }
    }

    static Config random(long seed) {
        Rng r = new Rng(seed);
        String mode = MODES[r.nextInt(4)];
        int hidden = 1 + r.nextInt(5);
        int proj = mode.equals("LSTM") && hidden > 1 && r.uniform() < 0.4 ? 1 + r.nextInt(hidden - 1) : 0;
        return new Config(mode, 1 + r.nextInt(4), hidden, 1 + r.nextInt(3), r.uniform() < 0.5, r.uniform() < 0.5, proj,
                r.uniform() < 0.8, r.uniform() < 0.5, r.uniform() < 0.5, 1 + r.nextInt(7), 1 + r.nextInt(4), seed);
    }

    static Stream<Config> randomConfigs() {
        return IntStream.range(0, 40).mapToObj(i -> random(1000L + i));
    }

    /** One configuration per option, small enough for central differences over every weight. */
    static Stream<Config> everyOption() {
        List<Config> list = new ArrayList<>();
        for (String m : MODES) {
            list.add(new Config(m, 2, 3, 1, false, false, 0, true, false, false, 4, 2, 1));
            list.add(new Config(m, 2, 3, 2, false, false, 0, true, true, false, 3, 2, 2));
            list.add(new Config(m, 2, 3, 1, true, true, 0, true, false, false, 3, 2, 3));
            list.add(new Config(m, 2, 3, 2, true, false, 0, false, true, true, 4, 3, 4));
        }
        list.add(new Config("LSTM", 2, 3, 2, true, true, 2, true, true, true, 4, 3, 5));
        return list.stream();
    }

    static Recurrent build(Config c) {
        RecurrentBuilder<?, ?> b = LayerKind.builder(c.mode, Map.of("input_size", c.input, "hidden_size", c.hidden,
                "proj_size", c.proj));
        return b.numLayers(c.layers).bidirectional(c.bidirectional).batchFirst(c.batchFirst).bias(c.bias)
                .dtype(DType.FLOAT64).rng(new Rng(c.seed)).build();
    }

    record Inputs(Tensor x, Tensor h0, Tensor c0, int[] lengths) {}

    static Inputs inputs(Config c, Recurrent layer) {
        Rng r = new Rng(c.seed + 7);
        int dirs = c.bidirectional ? 2 : 1, size = layer.outputSize();
        Tensor x = Tensor.randn(r, DType.FLOAT64, c.batchFirst ? new int[] {c.batch, c.steps, c.input}
                : new int[] {c.steps, c.batch, c.input});
        Tensor h0 = c.initial ? Tensor.randn(r, DType.FLOAT64, c.layers * dirs, c.batch, size) : null;
        Tensor c0 = c.initial && c.mode.equals("LSTM") ? Tensor.randn(r, DType.FLOAT64, c.layers * dirs, c.batch, c.hidden) : null;
        int[] lengths = null;
        if (c.padded) {
            lengths = new int[c.batch];
            for (int b = 0; b < c.batch; b++) lengths[b] = 1 + r.nextInt(c.steps);
        }
        return new Inputs(x, h0, c0, lengths);
    }

    /** Everything a gradient reaches: the input, the initial states given, the parameters. */
    static List<Tensor> leaves(Inputs in, Recurrent layer) {
        List<Tensor> leaves = new ArrayList<>(List.of(in.x.requiresGrad(true)));
        if (in.h0 != null) leaves.add(in.h0.requiresGrad(true));
        if (in.c0 != null) leaves.add(in.c0.requiresGrad(true));
        leaves.addAll(layer.parameters());
        return leaves;
    }

    static Tensor weightedSum(RecurrentOutput out) {
        Rng r = new Rng(99);
        Tensor loss = Ops.sum(out.output().mul(Tensor.uniform(r, DType.FLOAT64, 0.5, 1.5, out.output().shape())))
                .add(Ops.sum(out.hN().mul(Tensor.uniform(r, DType.FLOAT64, 0.5, 1.5, out.hN().shape()))));
        if (out.cN() != null) loss = loss.add(Ops.sum(out.cN().mul(Tensor.uniform(r, DType.FLOAT64, 0.5, 1.5, out.cN().shape()))));
        return loss;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomConfigs")
    void fusedEqualsUnrolled(Config c) {
        Recurrent layer = build(c);
        Inputs in = inputs(c, layer);
        List<Tensor> leaves = leaves(in, layer);

        RecurrentOutput fused = layer.forward(in.x, in.h0 == null ? null : RecurrentState.of(in.h0, in.c0), in.lengths);
        weightedSum(fused).backward();
        List<double[]> fusedGrads = leaves.stream().map(t -> t.grad().toArray()).toList();
        leaves.forEach(t -> t.setGrad(null));

        RecurrentOutput ref = Unrolled.run(layer, c.mode, in.x, in.h0, in.c0, in.lengths);
        assertClose(ref.output().toArray(), fused.output(), 1e-12, c + " output");
        assertClose(ref.hN().toArray(), fused.hN(), 1e-12, c + " h_n");
        if (ref.cN() != null) assertClose(ref.cN().toArray(), fused.cN(), 1e-12, c + " c_n");
        weightedSum(ref).backward();
        for (int i = 0; i < leaves.size(); i++) {
            assertClose(leaves.get(i).grad().toArray(), fusedGrads.get(i), 1e-12, c + " gradient of leaf " + i);
        }
    }

    /**
     * A loss that reads only one of the outputs (Y, h_n or c_n): the others hand no gradient to the layer's node, and
     * backward starts from zeros for them, as the unrolled graph does.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOption")
    void eachOutputAloneCarriesItsGradient(Config c) {
        Recurrent layer = build(c);
        Inputs in = inputs(c, layer);
        List<Tensor> leaves = leaves(in, layer);
        for (int which = 0; which < 3; which++) {
            int output = which;
            java.util.function.Function<RecurrentOutput, Tensor> read = out -> output == 0 ? out.output()
                    : output == 1 ? out.hN() : out.cN();
            if (c.mode.equals("LSTM") || output < 2) {
                RecurrentState initial = in.h0 == null ? null : RecurrentState.of(in.h0, in.c0);
                leaves.forEach(t -> t.setGrad(null));
                Tensor fusedOut = read.apply(layer.forward(in.x, initial, in.lengths));
                Tensor weights = Tensor.uniform(new Rng(98), DType.FLOAT64, 0.5, 1.5, fusedOut.shape());
                Ops.sum(fusedOut.mul(weights)).backward();
                List<double[]> fused = leaves.stream().map(t -> t.grad() == null ? null : t.grad().toArray()).toList();
                leaves.forEach(t -> t.setGrad(null));
                Ops.sum(read.apply(Unrolled.run(layer, c.mode, in.x, in.h0, in.c0, in.lengths)).mul(weights)).backward();
                for (int i = 0; i < leaves.size(); i++) {
                    double[] expected = leaves.get(i).grad() == null ? new double[leaves.get(i).size()]
                            : leaves.get(i).grad().toArray();
                    double[] actual = fused.get(i) == null ? new double[leaves.get(i).size()] : fused.get(i);
                    assertClose(expected, actual, 1e-12, c + " output " + output + " alone: gradient of leaf " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOption")
    void passesGradCheck(Config c) {
        Recurrent layer = build(c);
        Inputs in = inputs(c, layer);
        List<Tensor> wrt = new ArrayList<>(List.of(in.x));
        if (in.h0 != null) wrt.add(in.h0);
        if (in.c0 != null) wrt.add(in.c0);
        Map<String, Tensor> params = layer.namedParameters();
        wrt.addAll(params.values());
        GradCheck.Result r = GradCheck.check(
                () -> weightedSum(layer.forward(in.x, in.h0 == null ? null : RecurrentState.of(in.h0, in.c0), in.lengths)),
                wrt.toArray(new Tensor[0]));
        assertTrue(r.passed(1e-7), c + ": " + r);
    }
}
