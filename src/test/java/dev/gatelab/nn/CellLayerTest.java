package dev.gatelab.nn;

import static dev.gatelab.Fixtures.assertClose;
import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.GradCheck;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.LstmVariant;
import dev.gatelab.cell.Step;
import dev.gatelab.io.ModelIO;
import dev.gatelab.kernel.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every LSTM variant and two cells written as a user would, through the whole layer machinery: gradient checks over
 * inputs, states and every parameter in float64; the fused kernels against the definition run op by op on autograd
 * tensors ({@link Unrolled}), in float64 and float32, with lengths, both directions, two layers and a projection;
 * traces, checkpoints and thread counts.
 */
class CellLayerTest {
    /** A minimal gated unit: one gate both resets and blends; it reads both parts apart and h_{t−1} itself. */
    static CellDefinition minimalGatedUnit() {
        return CellDefinition.builder("TestMinimalGatedUnit").blocks("f", "n").step(in -> {
            Expr f = in.preActivation("f").sigmoid();
            Expr n = in.inputPart("n").add(f.mul(in.hiddenPart("n"))).tanh();
            Expr h = f.oneMinus().mul(in.hidden()).add(f.mul(n));
            return Step.of(h).gate("f", f).gate("n", n);
        }).build();
    }

    /** A cell that uses every operation, a state and a per-unit parameter. */
    static CellDefinition everyOperation() {
        return CellDefinition.builder("TestEveryOperation").blocks("a", "b").state("s").parameter("w").step(in -> {
            Expr a = in.preActivation("a").sigmoid(), b = in.preActivation("b").relu();
            Expr s = in.state("s").mul(a).sub(b.neg().mul(in.parameter("w")));
            Expr h = s.tanh().sub(in.parameter("w").mul(a));
            return Step.of(h).state("s", s).gate("a", a).gate("b", b);
        }).build();
    }

    /** Products in the step: a previous state and a computed value, each multiplied by a matrix of the cell. */
    static CellDefinition products() {
        return CellDefinition.builder("TestProducts").blocks("a", "b").state("s").matrix("w_s").matrix("w_a").step(in -> {
            Expr s0 = in.state("s");
            Expr a = in.preActivation("a").add(in.linear("w_s", s0)).sigmoid();
            Expr b = in.inputPart("b").add(in.linear("w_a", a.mul(in.hidden()))).tanh();
            Expr s = a.mul(s0).add(a.oneMinus().mul(b));
            return Step.of(s.tanh().mul(a)).state("s", s).gate("a", a).gate("b", b);
        }).build();
    }

    /** Two states besides h, one read through a matrix, one carrying the previous gate. */
    static CellDefinition twoStates() {
        return CellDefinition.builder("TestTwoStates").blocks("a", "b").state("s").state("a_prev").matrix("r").step(in -> {
            Expr a = in.preActivation("a").add(in.linear("r", in.state("a_prev"))).sigmoid();
            Expr s = in.state("s").mul(a).add(in.preActivation("b").tanh().mul(a.oneMinus()));
            return Step.of(s.tanh()).state("s", s).state("a_prev", a).gate("a", a);
        }).build();
    }

    record Case(String name, Function<RecurrentBuilderFactory, RecurrentBuilder<?, ?>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Makes a builder for the given sizes. */
    interface RecurrentBuilderFactory {
        RecurrentBuilder<?, ?> lstm(Function<LSTM.Builder, LSTM.Builder> options);

        RecurrentBuilder<?, ?> cell(CellDefinition cell);
    }

    static Stream<Case> cases() {
        List<Case> list = new ArrayList<>();
        Map<String, Function<LSTM.Builder, LSTM.Builder>> variants = new java.util.LinkedHashMap<>();
        variants.put("peepholes", LSTM.Builder::peepholes);
        variants.put("NIG", LSTM.Builder::withoutInputGate);
        variants.put("NFG", LSTM.Builder::withoutForgetGate);
        variants.put("NOG", LSTM.Builder::withoutOutputGate);
        variants.put("NIAF", LSTM.Builder::withoutInputActivation);
        variants.put("NOAF", LSTM.Builder::withoutOutputActivation);
        variants.put("CIFG", LSTM.Builder::coupledGates);
        variants.put("CIFG+peepholes+forgetBias", b -> b.coupledGates().peepholes().forgetBias(1));
        variants.put("NOG+NOAF+peepholes", b -> b.withoutOutputGate().withoutOutputActivation().peepholes());
        variants.put("layerNorm", LSTM.Builder::layerNorm);
        variants.put("FGR", LSTM.Builder::fullGateRecurrence);
        variants.put("FGR+peepholes+CIFG", b -> b.fullGateRecurrence().peepholes().coupledGates());
        variants.put("layerNorm+CIFG+peepholes+forgetBias", b -> b.layerNorm().coupledGates().peepholes().forgetBias(1));
        variants.forEach((name, options) -> list.add(new Case("LSTM " + name, f -> f.lstm(options))));
        list.add(new Case("user cell: minimal gated unit", f -> f.cell(minimalGatedUnit())));
        list.add(new Case("user cell: every operation", f -> f.cell(everyOperation())));
        list.add(new Case("user cell: products in the step", f -> f.cell(products())));
        list.add(new Case("user cell: two states", f -> f.cell(twoStates())));
        list.add(new Case("mLSTM", f -> f.cell(dev.gatelab.cell.MultiplicativeLstmEquations.DEFINITION)));
        return list.stream();
    }

    static Recurrent build(Case c, DType dtype, int input, int hidden, int proj, boolean bidirectional, long seed) {
        RecurrentBuilder<?, ?> b = c.make.apply(new RecurrentBuilderFactory() {
            @Override
            public RecurrentBuilder<?, ?> lstm(Function<LSTM.Builder, LSTM.Builder> options) {
                return options.apply(LSTM.builder(input, hidden).projSize(proj));
            }

            @Override
            public RecurrentBuilder<?, ?> cell(CellDefinition cell) {
                return CellLayer.builder(cell, input, hidden);
            }
        });
        return b.numLayers(2).bidirectional(bidirectional).batchFirst(bidirectional).dtype(dtype).rng(new Rng(seed)).build();
    }

    record Inputs(Tensor x, Tensor h0, Tensor c0, int[] lengths) {}

    static Inputs inputs(Recurrent layer, DType dtype, int steps, int batch, long seed) {
        Rng r = new Rng(seed);
        int dirs = layer.directions();
        Tensor x = Tensor.randn(r, dtype, layer.batchFirst() ? new int[] {batch, steps, layer.inputSize()}
                : new int[] {steps, batch, layer.inputSize()});
        Tensor h0 = Tensor.randn(r, dtype, 2 * dirs, batch, layer.outputSize());
        Tensor c0 = layer.cell().hasState()
                ? Tensor.randn(r, dtype, 2 * dirs, batch, layer.cell().states().size() * layer.hiddenSize()) : null;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) lengths[b] = 1 + r.nextInt(steps);
        lengths[0] = steps;
        return new Inputs(x, h0, c0, lengths);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void passesGradCheckInFloat64(Case c) {
        Recurrent layer = build(c, DType.FLOAT64, 2, 3, 0, true, 1);
        Inputs in = inputs(layer, DType.FLOAT64, 4, 3, 2);
        List<Tensor> wrt = new ArrayList<>(List.of(in.x, in.h0));
        if (in.c0 != null) wrt.add(in.c0);
        wrt.addAll(layer.namedParameters().values());
        GradCheck.Result r = GradCheck.check(() -> FusedEqualsUnrolledTest.weightedSum(
                layer.forward(in.x, RecurrentState.of(in.h0, in.c0), in.lengths)), wrt.toArray(new Tensor[0]));
        assertTrue(r.passed(1e-7), c + ": " + r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fusedEqualsUnrolledInBothPrecisions(Case c) {
        for (DType dtype : DType.values()) {
            for (boolean bidirectional : new boolean[] {false, true}) {
                int proj = c.name.startsWith("LSTM") && !bidirectional ? 3 : 0;
                Recurrent layer = build(c, dtype, 3, 5, proj, bidirectional, 3);
                Inputs in = inputs(layer, dtype, 6, 4, 4);
                List<Tensor> leaves = new ArrayList<>(List.of(in.x.requiresGrad(true), in.h0.requiresGrad(true)));
                if (in.c0 != null) leaves.add(in.c0.requiresGrad(true));
                leaves.addAll(layer.parameters());
                RecurrentOutput fused = layer.forward(in.x, RecurrentState.of(in.h0, in.c0), in.lengths);
                sum(fused).backward();
                List<double[]> fusedGrads = leaves.stream().map(t -> t.grad().toArray()).toList();
                leaves.forEach(t -> t.setGrad(null));

                RecurrentOutput ref = Unrolled.run(layer, "CELL", in.x, in.h0, in.c0, in.lengths);
                double tol = dtype == DType.FLOAT64 ? 1e-12 : 2e-5;
                String what = c + " " + dtype + (bidirectional ? " bidirectional" : " proj " + proj);
                assertClose(ref.output().toArray(), fused.output(), tol, what + " output");
                assertClose(ref.hN().toArray(), fused.hN(), tol, what + " h_n");
                if (ref.cN() != null) assertClose(ref.cN().toArray(), fused.cN(), tol, what + " c_n");
                sum(ref).backward();
                for (int i = 0; i < leaves.size(); i++) {
                    // Gradients in float32 sum many rounded terms (a layer norm's most): relative to max(1, |g|).
                    double gradTol = dtype == DType.FLOAT64 ? 1e-11 : 1e-3;
                    assertClose(leaves.get(i).grad().toArray(), fusedGrads.get(i), gradTol, what + " gradient of leaf " + i);
                }
            }
        }
    }

    /** The weighted sum of FusedEqualsUnrolledTest, in the layer's own type. */
    static Tensor sum(RecurrentOutput out) {
        Rng r = new Rng(99);
        DType t = out.output().dtype();
        Tensor loss = Ops.sum(out.output().mul(Tensor.uniform(r, t, 0.5, 1.5, out.output().shape())))
                .add(Ops.sum(out.hN().mul(Tensor.uniform(r, t, 0.5, 1.5, out.hN().shape()))));
        if (out.cN() != null) loss = loss.add(Ops.sum(out.cN().mul(Tensor.uniform(r, t, 0.5, 1.5, out.cN().shape()))));
        return loss;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneAndThreeThreadsGiveTheSameBits(Case c) {
        List<double[]> one = trainingStep(c, 1), three = trainingStep(c, 3);
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), three.get(i), c + " result " + i);
    }

    private static List<double[]> trainingStep(Case c, int threads) {
        Parallel.setThreads(threads);
        try {
            Recurrent layer = build(c, DType.FLOAT32, 4, 16, 0, true, 5);
            Inputs in = inputs(layer, DType.FLOAT32, 5, 24, 6);
            RecurrentOutput out = layer.forward(in.x, RecurrentState.of(in.h0, in.c0), in.lengths);
            sum(out).backward();
            List<double[]> values = new ArrayList<>(List.of(out.output().toArray(), out.hN().toArray()));
            for (Tensor p : layer.parameters()) values.add(p.grad().toArray());
            return values;
        } finally {
            Parallel.setThreads(1);
        }
    }

    /** The variants' equations, written out by hand for one step, against the LSTM cell of each. */
    @Test
    void variantEquationsAreThePapers() {
        Rng r = new Rng(8);
        Tensor x = Tensor.randn(r, DType.FLOAT64, 2, 3), h = Tensor.randn(r, DType.FLOAT64, 2, 4), c = Tensor.randn(r, DType.FLOAT64, 2, 4);
        LstmVariant peep = LstmVariant.STANDARD.peepholes();
        LSTMCell cell = new LSTMCell(3, 4, true, DType.FLOAT64, new Rng(9), peep);
        Map<String, Tensor> p = cell.namedParameters();
        Tensor z = x.matmulT(p.get("weight_ih")).add(p.get("bias_ih")).add(h.matmulT(p.get("weight_hh")).add(p.get("bias_hh")));
        Tensor i = z.slice(1, 0, 4).add(c.mul(p.get("peephole_i"))).sigmoid();
        Tensor f = z.slice(1, 4, 8).add(c.mul(p.get("peephole_f"))).sigmoid();
        Tensor g = z.slice(1, 8, 12).tanh();
        Tensor cNew = f.mul(c).add(i.mul(g));
        Tensor o = z.slice(1, 12, 16).add(cNew.mul(p.get("peephole_o"))).sigmoid();
        RecurrentState s = cell.forward(x, RecurrentState.of(h, c));
        assertClose(cNew.toArray(), s.c(), 1e-15, "peephole c");
        assertClose(o.mul(cNew.tanh()).toArray(), s.h(), 1e-15, "peephole h (o peeps at the new c)");

        LSTMCell cifg = new LSTMCell(3, 4, true, DType.FLOAT64, new Rng(9), LstmVariant.STANDARD.coupledGates()
                .withoutOutputActivation());
        p = cifg.namedParameters();
        assertArrayEquals(new int[] {12, 3}, p.get("weight_ih").shape(), "CIFG has blocks f, g, o only");
        z = x.matmulT(p.get("weight_ih")).add(p.get("bias_ih")).add(h.matmulT(p.get("weight_hh")).add(p.get("bias_hh")));
        f = z.slice(1, 0, 4).sigmoid();
        cNew = f.mul(c).add(f.neg().add(1).mul(z.slice(1, 4, 8).tanh()));
        s = cifg.forward(x, RecurrentState.of(h, c));
        assertClose(cNew.toArray(), s.c(), 1e-15, "CIFG c: i = 1 − f");
        assertClose(z.slice(1, 8, 12).sigmoid().mul(cNew).toArray(), s.h(), 1e-15, "NOAF h = o ⊙ c");
    }

    /** Greff et al.'s full gate recurrence, written out by hand for one step: nine matrices among i, f and o. */
    @Test
    void fullGateRecurrenceIsThePapers() {
        Rng r = new Rng(15);
        int hidden = 4;
        Tensor x = Tensor.randn(r, DType.FLOAT64, 2, 3), h = Tensor.randn(r, DType.FLOAT64, 2, hidden);
        Tensor state = Tensor.randn(r, DType.FLOAT64, 2, 4 * hidden);     // c, i_prev, f_prev, o_prev side by side
        LSTMCell cell = new LSTMCell(3, hidden, true, DType.FLOAT64, new Rng(16), LstmVariant.STANDARD.fullGateRecurrence());
        Map<String, Tensor> p = cell.namedParameters();
        assertEquals(List.of("c", "i_prev", "f_prev", "o_prev"), cell.cell().states());
        Tensor z = x.matmulT(p.get("weight_ih")).add(p.get("bias_ih")).add(h.matmulT(p.get("weight_hh")).add(p.get("bias_hh")));
        Function<Integer, Tensor> part = k -> state.slice(1, k * hidden, (k + 1) * hidden);
        Tensor c = part.apply(0);
        Map<String, Tensor> prev = Map.of("i", part.apply(1), "f", part.apply(2), "o", part.apply(3));
        Function<String, Tensor> recurrence = to -> {
            Tensor sum = Tensor.zeros(DType.FLOAT64, 2, hidden);
            for (String from : List.of("i", "f", "o")) sum = sum.add(prev.get(from).matmulT(p.get("recurrent_" + to + "_from_" + from)));
            return sum;
        };
        Tensor i = z.slice(1, 0, 4).add(recurrence.apply("i")).sigmoid(), f = z.slice(1, 4, 8).add(recurrence.apply("f")).sigmoid();
        Tensor g = z.slice(1, 8, 12).tanh(), o = z.slice(1, 12, 16).add(recurrence.apply("o")).sigmoid();
        Tensor cNew = f.mul(c).add(i.mul(g));
        RecurrentState s = cell.forward(x, RecurrentState.of(h, state));
        assertClose(Ops.concat(1, cNew, i, f, o).toArray(), s.c(), 1e-15, "FGR: c and the gates carried to the next step");
        assertClose(o.mul(cNew.tanh()).toArray(), s.h(), 1e-15, "FGR h");
        assertEquals(9, cell.cell().matrices().size(), "nine matrices among the gates");
    }

    /** The multiplicative LSTM's equations (Krause et al. 2016), written out by hand for one step. */
    @Test
    void multiplicativeLstmIsThePapers() {
        Rng r = new Rng(11);
        int in = 3, hidden = 4;
        Tensor x = Tensor.randn(r, DType.FLOAT64, 2, in), h = Tensor.randn(r, DType.FLOAT64, 2, hidden);
        Tensor c = Tensor.randn(r, DType.FLOAT64, 2, hidden);
        RecurrentCell cell = RecurrentCell.of(dev.gatelab.cell.MultiplicativeLstmEquations.DEFINITION, in, hidden, true,
                DType.FLOAT64, new Rng(12));
        Map<String, Tensor> p = cell.namedParameters();
        assertArrayEquals(new int[] {5 * hidden, in}, p.get("weight_ih").shape(), "W_mx and the four W_·x");
        assertArrayEquals(new int[] {hidden, hidden}, p.get("weight_hh").shape(), "W_mh alone: the gates read m, not h");
        assertArrayEquals(new int[] {hidden}, p.get("bias_hh").shape());
        Tensor zx = x.matmulT(p.get("weight_ih")).add(p.get("bias_ih"));
        Function<Integer, Tensor> block = k -> zx.slice(1, k * hidden, (k + 1) * hidden);
        Tensor m = block.apply(0).mul(h.matmulT(p.get("weight_hh")).add(p.get("bias_hh")));
        Tensor i = block.apply(1).add(m.matmulT(p.get("weight_im"))).sigmoid();
        Tensor f = block.apply(2).add(m.matmulT(p.get("weight_fm"))).sigmoid();
        Tensor g = block.apply(3).add(m.matmulT(p.get("weight_gm"))).tanh();
        Tensor o = block.apply(4).add(m.matmulT(p.get("weight_om"))).sigmoid();
        Tensor cNew = f.mul(c).add(i.mul(g));
        RecurrentState s = cell.forward(x, RecurrentState.of(h, c));
        assertClose(cNew.toArray(), s.c(), 1e-15, "mLSTM c = f ⊙ c + i ⊙ g");
        assertClose(o.mul(cNew.tanh()).toArray(), s.h(), 1e-15, "mLSTM h = o ⊙ tanh(c)");
    }

    /**
     * Peepholes with layerNorm, written out by hand: each block's parts normalised apart and scaled, plus its bias, then
     * the peephole term p ⊙ c on the unnormalised cell state; the new cell state normalised before its tanh.
     */
    @Test
    void peepholesWithLayerNormAddThePeepholeAfterTheNormalisation() {
        Rng r = new Rng(13);
        Tensor x = Tensor.randn(r, DType.FLOAT64, 2, 3), h = Tensor.randn(r, DType.FLOAT64, 2, 4), c = Tensor.randn(r, DType.FLOAT64, 2, 4);
        LSTMCell cell = new LSTMCell(3, 4, false, DType.FLOAT64, new Rng(14), LstmVariant.STANDARD.layerNorm().peepholes());
        Map<String, Tensor> p = cell.namedParameters();
        // Start the gains and biases away from 1 and 0, so a misplaced one shows.
        for (Map.Entry<String, Tensor> e : p.entrySet()) {
            if (e.getKey().startsWith("ln_")) for (int j = 0; j < 4; j++) e.getValue().set(j, 0.5 + 0.25 * j + e.getKey().length() * 0.01);
        }
        Tensor zx = x.matmulT(p.get("weight_ih")), zh = h.matmulT(p.get("weight_hh"));
        String[] blocks = {"i", "f", "g", "o"};
        Tensor[] z = new Tensor[4];
        for (int k = 0; k < 4; k++) {
            String b = blocks[k];
            z[k] = norm(zx.slice(1, 4 * k, 4 * k + 4)).mul(p.get("ln_input_" + b))
                    .add(norm(zh.slice(1, 4 * k, 4 * k + 4)).mul(p.get("ln_hidden_" + b))).add(p.get("ln_bias_" + b));
        }
        Tensor i = z[0].add(c.mul(p.get("peephole_i"))).sigmoid(), f = z[1].add(c.mul(p.get("peephole_f"))).sigmoid();
        Tensor cNew = f.mul(c).add(i.mul(z[2].tanh()));
        Tensor o = z[3].add(cNew.mul(p.get("peephole_o"))).sigmoid();
        Tensor hNew = o.mul(norm(cNew).mul(p.get("ln_cell_gain")).add(p.get("ln_cell_bias")).tanh());
        RecurrentState s = cell.forward(x, RecurrentState.of(h, c));
        assertClose(cNew.toArray(), s.c(), 1e-14, "c with peepholes after the normalised parts");
        assertClose(hNew.toArray(), s.h(), 1e-14, "h: o peeps at the unnormalised new c; tanh of the normalised c");
    }

    /** (x − mean) / √(var + 1e-5) over each row, biased variance, as PyTorch's layer_norm. */
    private static Tensor norm(Tensor x) {
        int rows = x.dim(0), cols = x.dim(1);
        double[] out = new double[rows * cols];
        for (int b = 0; b < rows; b++) {
            double mean = 0, var = 0;
            for (int j = 0; j < cols; j++) mean += x.get(b, j) / cols;
            for (int j = 0; j < cols; j++) var += (x.get(b, j) - mean) * (x.get(b, j) - mean) / cols;
            for (int j = 0; j < cols; j++) out[b * cols + j] = (x.get(b, j) - mean) / Math.sqrt(var + 1e-5);
        }
        return Tensor.of(DType.FLOAT64, out, rows, cols);
    }

    /** Gains start at 1 and biases at 0, the forget bias goes to ln_bias_f, and bias_ih and bias_hh are not there. */
    @Test
    void layerNormStartsAsANormalisationAndReplacesTheBiases() {
        LSTM layer = LSTM.builder(3, 4).layerNorm().forgetBias(1).dtype(DType.FLOAT64).build();
        Map<String, Tensor> p = layer.namedParameters();
        assertTrue(!p.containsKey("bias_ih_l0") && !p.containsKey("bias_hh_l0"), p.keySet().toString());
        for (int j = 0; j < 4; j++) {
            assertEquals(1.0, p.get("ln_input_i_l0").get(j));
            assertEquals(1.0, p.get("ln_cell_gain_l0").get(j));
            assertEquals(0.0, p.get("ln_bias_i_l0").get(j));
            assertEquals(1.0, p.get("ln_bias_f_l0").get(j));
        }
        assertEquals(Boolean.TRUE, layer.config().get("layer_norm"));
        assertEquals(layer.config(), Recurrent.fromConfig(layer.config()).config());
        assertThrows(ArgumentException.class, () -> LSTM.builder(3, 4).layerNorm().bias(true).build());
        // The order of the options does not matter: the biases are derived once, in build().
        assertThrows(ArgumentException.class, () -> LSTM.builder(3, 4).bias(true).layerNorm().build());
        assertTrue(LSTM.builder(3, 4).layerNorm().variant(LstmVariant.STANDARD).build().namedParameters().containsKey("bias_ih_l0"),
                "back to the standard variant, the biases are back");
        assertTrue(!LSTM.builder(3, 4).bias(false).layerNorm().build().namedParameters().containsKey("bias_ih_l0"));
        assertTrue(!LSTM.builder(3, 4).layerNorm().bias(false).build().namedParameters().containsKey("bias_ih_l0"));
        // The normalised cell state: before the gain, each sample's units have mean 0 and variance 1 (less ε).
        LSTMCell cell = new LSTMCell(3, 4, false, DType.FLOAT64, new Rng(1), LstmVariant.STANDARD.layerNorm()
                .withoutOutputGate().withoutOutputActivation());
        RecurrentState s = cell.forward(Tensor.randn(new Rng(2), DType.FLOAT64, 2, 3),
                RecurrentState.of(Tensor.zeros(DType.FLOAT64, 2, 4), Tensor.randn(new Rng(3), DType.FLOAT64, 2, 4)));
        for (int b = 0; b < 2; b++) {
            double mean = 0, var = 0;
            for (int j = 0; j < 4; j++) mean += s.h().get(b, j) / 4;
            for (int j = 0; j < 4; j++) var += (s.h().get(b, j) - mean) * (s.h().get(b, j) - mean) / 4;
            assertEquals(0, mean, 1e-12);
            assertEquals(1, var, 1e-4);
        }
    }

    @Test
    void forgetBiasStartsTheSumOfTheBiasesThere() {
        LSTM layer = LSTM.builder(3, 4).forgetBias(1.0).dtype(DType.FLOAT64).build();
        Map<String, Tensor> p = layer.namedParameters();
        for (int j = 4; j < 8; j++) {
            assertEquals(1.0, p.get("bias_ih_l0").get(j));
            assertEquals(0.0, p.get("bias_hh_l0").get(j));
        }
        assertTrue(Math.abs(p.get("bias_ih_l0").get(0)) <= 0.5, "the other blocks start at random");
        assertThrows(ArgumentException.class, () -> LSTM.builder(3, 4).forgetBias(1).bias(false).build());
        assertThrows(ArgumentException.class, () -> LSTM.builder(3, 4).withoutForgetGate().forgetBias(1));
    }

    @Test
    void traceRecordsTheCellsNamedGates() {
        LSTM layer = LSTM.builder(2, 3).coupledGates().dtype(DType.FLOAT64).build();
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 5, 2, 2);
        GateTrace trace = layer.trace(x);
        assertEquals(List.of("i", "f", "g", "o", "c", "h"), trace.gates());
        Tensor i = trace.gate(0, Direction.FORWARD, "i"), f = trace.gate(0, Direction.FORWARD, "f");
        for (int k = 0; k < i.size(); k++) assertEquals(1 - f.get(k), i.get(k), 1e-7, "the coupled i is 1 − f");
        GateTrace mgu = CellLayer.builder(minimalGatedUnit(), 2, 3).build().trace(x.to(DType.FLOAT32));
        assertEquals(List.of("f", "n", "h"), mgu.gates());
    }

    @Test
    void variantsAndUserCellsSaveAndLoad(@TempDir Path dir) throws Exception {
        CellDefinition mgu = minimalGatedUnit();
        for (Recurrent layer : List.of(LSTM.builder(2, 4).peepholes().coupledGates().forgetBias(1).batchFirst().build(),
                CellLayer.builder(everyOperation(), 2, 4).numLayers(2).batchFirst().build(),
                CellLayer.builder(mgu, 2, 4).batchFirst().build())) {
            SequenceModel model = SequenceModel.lastStep(layer, 1);
            Path file = dir.resolve(layer.kind() + layer.cell().name() + ".safetensors");
            ModelIO.save(file, model);
            SequenceModel again = ModelIO.load(file, SequenceModel.class).model();
            Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, 3, 2, 2);
            assertArrayEquals(model.predict(x).toArray(), again.predict(x).toArray(), layer.toString());
            assertEquals(model.namedParameters().keySet(), again.namedParameters().keySet());
        }
        assertTrue(LSTM.builder(2, 4).peepholes().build().namedParameters().keySet()
                .containsAll(List.of("peephole_i_l0", "peephole_f_l0", "peephole_o_l0")));
    }

    /** The same name with other equations, or its blocks in another order, is refused; the same definition loads. */
    @Test
    void aCheckpointPinsItsCellsEquations(@TempDir Path dir) throws Exception {
        java.util.function.Function<String[], CellDefinition> define = order -> CellDefinition.builder("TestPinnedMGU")
                .blocks(order).step(in -> {
                    Expr f = in.preActivation("f").sigmoid();
                    Expr n = in.inputPart("n").add(f.mul(in.hiddenPart("n"))).tanh();
                    return Step.of(f.oneMinus().mul(in.hidden()).add(f.mul(n))).gate("f", f).gate("n", n);
                }).build();
        SequenceModel model = SequenceModel.lastStep(CellLayer.builder(define.apply(new String[] {"f", "n"}), 2, 4).batchFirst().build(), 1);
        Path file = dir.resolve("pinned.safetensors");
        ModelIO.save(file, model);
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, 3, 2, 2);

        define.apply(new String[] {"n", "f"});                                   // blocks in another order
        assertRefuses(java.io.IOException.class,
                () -> ModelIO.load(file, SequenceModel.class),
                "'TestPinnedMGU' defined in this JVM is not the one saved", "blocks [n, f]");
        CellDefinition.builder("TestPinnedMGU").blocks("f", "n").step(in -> {  // other equations: h and n swap roles
            Expr f = in.preActivation("f").sigmoid();
            Expr n = in.inputPart("n").add(f.mul(in.hiddenPart("n"))).tanh();
            return Step.of(f.mul(in.hidden()).add(f.oneMinus().mul(n))).gate("f", f).gate("n", n);
        }).build();
        assertThrows(java.io.IOException.class, () -> ModelIO.load(file, SequenceModel.class));

        CellDefinition again = define.apply(new String[] {"f", "n"});           // the same definition, built again
        assertEquals(((CellLayer) model.recurrent()).cell().fingerprint(), again.fingerprint());
        assertArrayEquals(model.predict(x).toArray(), ModelIO.load(file, SequenceModel.class).model().predict(x).toArray());
    }

    /** A built-in cell is not registered by name; the checkpoint carries it, so a layer of one saves and loads. */
    @Test
    void aLayerOfABuiltInCellSavesAndLoadsFromTheDefinitionItCarries(@TempDir Path dir) throws Exception {
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, 3, 4, 2);
        for (CellDefinition builtIn : List.of(dev.gatelab.cell.GruEquations.DEFINITION, dev.gatelab.cell.ElmanEquations.TANH,
                LstmVariant.STANDARD.definition())) {
            SequenceModel model = SequenceModel.lastStep(CellLayer.builder(builtIn, 2, 3).batchFirst().build(), 1);
            Path file = dir.resolve(builtIn.name() + ".safetensors");
            ModelIO.save(file, model);
            assertFalse(CellDefinition.isDefined(builtIn.name()), "loading gives no name to a cell from a file");
            assertArrayEquals(model.predict(x).toArray(), ModelIO.load(file, SequenceModel.class).model().predict(x).toArray());
        }
    }

    @Test
    void aStepWithANullNameOrValueIsRefusedByName() {
        for (java.util.function.Function<dev.gatelab.cell.StepInputs, Step> bad : List.<java.util.function.Function<dev.gatelab.cell.StepInputs, Step>>of(
                in -> Step.of(in.preActivation("a").tanh()).gate(null, in.preActivation("a").tanh()),
                in -> Step.of(in.preActivation("a").tanh()).gate("a", null),
                in -> Step.of(null))) {
            var e = assertThrows(ArgumentException.class, () -> CellDefinition.builder("BadNull").blocks("a").step(bad::apply).build());
            assertTrue(e.getMessage().startsWith("Step."), e.getMessage());
        }
    }

    @Test
    void aUserCellThatDisagreesWithItsDeclarationsIsRefusedByName() {
        String undeclared = assertThrows(ArgumentException.class, () -> CellDefinition.builder("Bad1").blocks("a")
                .step(in -> Step.of(in.preActivation("b").tanh())).build()).getMessage();
        assertTrue(undeclared.contains("'b'") && undeclared.contains("not declared"), undeclared);
        String unused = assertThrows(ArgumentException.class, () -> CellDefinition.builder("Bad2").blocks("a", "b")
                .step(in -> Step.of(in.preActivation("a").tanh())).build()).getMessage();
        assertTrue(unused.contains("'b'") && unused.contains("declared but"), unused);
        String noState = assertThrows(ArgumentException.class, () -> CellDefinition.builder("Bad3").blocks("a").state("c")
                .step(in -> Step.of(in.preActivation("a").tanh().mul(in.state("c")))).build()).getMessage();
        assertTrue(noState.contains("state 'c'"), noState);
        Expr[] leaked = new Expr[1];
        CellDefinition.builder("Leak1").blocks("a").step(in -> {
            leaked[0] = in.preActivation("a");
            return Step.of(in.preActivation("a").tanh());
        }).build();
        String mixed = assertThrows(ArgumentException.class, () -> CellDefinition.builder("Leak2").blocks("a")
                .step(in -> Step.of(in.preActivation("a").mul(leaked[0]))).build()).getMessage();
        assertTrue(mixed.contains("different steps"), mixed);
    }
    /** Issue 23 #13: a cell that keeps hundreds of values per step ran out of heap instead of saying so. */
    @Test
    void aForwardThatCannotFitTheHeapIsRefusedByNameAndSize() {
        CellDefinition many = CellDefinition.builder("TestKeepsMany").blocks("a").step(in -> {
            Expr v = in.preActivation("a");
            for (int k = 0; k < 300; k++) v = v.sigmoid().mul(v);     // every product keeps both factors for backward
            return Step.of(v.tanh());
        }).build();
        CellLayer layer = CellLayer.builder(many, 1, 64).build();
        long perSample = (long) 100 * 64 * 4 * Math.max(1, many.compiled().savedWidth());
        int batch = (int) Math.min(Integer.MAX_VALUE / 100, 2 * Runtime.getRuntime().maxMemory() / perSample + 1);
        Tensor x = Tensor.zeros(DType.FLOAT32, 100, batch, 1);
        ArgumentException e = assertRefuses(ArgumentException.class, () -> layer.forward(x),
                "(100 steps × batch " + batch + " × 1 layer × 1 direction; the cell 'TestKeepsMany' keeps",
                "more than this JVM's whole heap");
        assertTrue(e.getMessage().startsWith(layer + ": a forward that keeps its steps for backward or a trace needs at least"),
                e.getMessage());
        // Without a graph a forward keeps two steps at a time, and is not checked against the heap.
        try (var off = dev.gatelab.autograd.Grad.off()) {
            assertEquals(64, layer.forward(Tensor.zeros(DType.FLOAT32, 100, 2, 1)).output().dim(2));
        }
        assertTrue(many.compiled().savedWidth() >= 300, "saves " + many.compiled().savedWidth());
    }
}
