package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.Step;
import dev.gatelab.cell.StepInputs;
import dev.gatelab.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random user cells, as many as a run affords: each compiled onto the fused layer must equal its own definition run
 * op by op on autograd tensors ({@link Unrolled}), in values and in the gradients of every input, state and weight, in
 * float64 and float32, with per-sample lengths; and one and two threads must give the same bits. The one-step module
 * runs the same definition on a batch. A cell the builder refuses (a block or parameter the results never read, a
 * state that never reads itself) must be refused by name, and is replaced by another.
 */
class RandomCellsTest {
    private static final int CELLS = 150;

    /** A step that draws the same random expressions every time it is called. */
    private static Expr expression(Random g, StepInputs in, List<String> blocks, boolean state, int params, int depth) {
        if (depth == 0 || g.nextInt(4) == 0) {
            int leaves = 3 * blocks.size() + 1 + (state ? 1 : 0) + params;
            int k = g.nextInt(leaves);
            if (k < 3 * blocks.size()) {
                String b = blocks.get(k / 3);
                return switch (k % 3) {
                    case 0 -> in.preActivation(b);
                    case 1 -> in.inputPart(b);
                    default -> in.hiddenPart(b);
                };
            }
            k -= 3 * blocks.size();
            if (k == 0) return in.hidden();
            if (state && k == 1) return in.state("s");
            return in.parameter("p" + (k - 1 - (state ? 1 : 0)));
        }
        if (g.nextBoolean()) {
            Expr a = expression(g, in, blocks, state, params, depth - 1);
            return switch (g.nextInt(6)) {
                case 0 -> a.neg();
                case 1 -> a.oneMinus();
                case 2 -> a.sigmoid();
                case 3 -> a.tanh();
                case 4 -> a.relu();
                default -> a.layerNorm();
            };
        }
        Expr a = expression(g, in, blocks, state, params, depth - 1), b = expression(g, in, blocks, state, params, depth - 1);
        return switch (g.nextInt(3)) {
            case 0 -> a.add(b);
            case 1 -> a.sub(b);
            default -> a.mul(b);
        };
    }

    /** A random cell; the state and h are squashed so that five steps of products stay finite. */
    static CellDefinition randomCell(Random r, String name) {
        List<String> blocks = List.of("a", "b", "c").subList(0, 1 + r.nextInt(3));
        boolean state = r.nextBoolean();
        int params = r.nextInt(3);
        long stepSeed = r.nextLong();
        CellDefinition.Builder b = CellDefinition.builder(name).blocks(blocks.toArray(new String[0]));
        if (state) b.state("s");
        for (int p = 0; p < params; p++) b.parameter("p" + p);
        return b.step(in -> {
            Random g = new Random(stepSeed);
            Expr h = expression(g, in, blocks, state, params, 4).tanh();
            Step s = Step.of(h).gate("k", expression(g, in, blocks, state, params, 2));
            return state ? s.state("s", expression(g, in, blocks, state, params, 4).tanh()) : s;
        }).build();
    }

    private record Result(List<double[]> values, List<double[]> gradients) {}

    private static Result fused(CellDefinition cell, DType dtype, int threads, long seed) {
        Parallel.setThreads(threads);
        try {
            return run(cell, dtype, seed, false);
        } finally {
            Parallel.setThreads(1);
        }
    }

    private static Result run(CellDefinition cell, DType dtype, long seed, boolean unrolled) {
        CellLayer layer = CellLayer.builder(cell, 3, 4).dtype(dtype).rng(new Rng(seed)).build();
        Rng r = new Rng(seed + 1);
        int steps = 5, batch = 6;
        Tensor x = Tensor.randn(r, dtype, steps, batch, 3).requiresGrad(true);
        Tensor h0 = Tensor.randn(r, dtype, 1, batch, 4).requiresGrad(true);
        Tensor c0 = cell.hasState() ? Tensor.randn(r, dtype, 1, batch, 4).requiresGrad(true) : null;
        int[] lengths = {5, 3, 5, 1, 4, 2};
        RecurrentOutput out = unrolled ? Unrolled.run(layer, "CELL", x, h0, c0, lengths)
                : layer.forward(x, RecurrentState.of(h0, c0), lengths);
        CellLayerTest.sum(out).backward();
        List<double[]> values = new ArrayList<>(List.of(out.output().toArray(), out.hN().toArray()));
        if (out.cN() != null) values.add(out.cN().toArray());
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0));
        if (c0 != null) leaves.add(c0);
        leaves.addAll(layer.parameters());
        List<double[]> grads = new ArrayList<>();
        for (Tensor t : leaves) grads.add(t.grad() == null ? new double[t.size()] : t.grad().toArray());
        return new Result(values, grads);
    }

    private static void assertClose(List<double[]> expected, List<double[]> actual, double tol, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.get(i), a = actual.get(i);
            for (int k = 0; k < e.length; k++) {
                if (!(Math.abs(e[k] - a[k]) <= tol * Math.max(1, Math.abs(e[k])))) {
                    fail(what + " " + i + "[" + k + "]: unrolled " + e[k] + ", fused " + a[k]);
                }
            }
        }
    }

    @Test
    void randomCellsOnTheFusedLayerEqualTheirDefinitions() {
        Random r = new Random(20261207);
        int built = 0, refused = 0;
        while (built < CELLS) {
            CellDefinition cell;
            try {
                cell = randomCell(r, "RandomCell" + (built + refused));
            } catch (ArgumentException e) {
                assertTrue(e.getMessage().contains("is declared but the step's results do not depend on it")
                        || e.getMessage().contains("never reads its previous value"), e.getMessage());
                refused++;
                continue;
            }
            built++;
            long seed = 1000L + built;
            String what = cell.toString();
            Result ref64 = run(cell, DType.FLOAT64, seed, true), fused64 = fused(cell, DType.FLOAT64, 1, seed);
            assertClose(ref64.values(), fused64.values(), 1e-12, what + " float64 value");
            assertClose(ref64.gradients(), fused64.gradients(), 1e-10, what + " float64 gradient");
            Result ref32 = run(cell, DType.FLOAT32, seed, true), fused32 = fused(cell, DType.FLOAT32, 1, seed);
            assertClose(ref32.values(), fused32.values(), 1e-5, what + " float32 value");
            assertClose(ref32.gradients(), fused32.gradients(), 2e-3, what + " float32 gradient");
            Result twoThreads = fused(cell, DType.FLOAT32, 2, seed);
            for (int i = 0; i < fused32.values().size(); i++) assertArrayEquals(fused32.values().get(i), twoThreads.values().get(i), what);
            for (int i = 0; i < fused32.gradients().size(); i++) {
                assertArrayEquals(fused32.gradients().get(i), twoThreads.gradients().get(i), what + " gradient " + i);
            }
            RecurrentCell one = RecurrentCell.of(cell, 3, 4, true, DType.FLOAT64, new Rng(seed));
            RecurrentState s = one.forward(Tensor.randn(new Rng(seed), DType.FLOAT64, 6, 3), null);
            s = one.forward(Tensor.randn(new Rng(seed + 1), DType.FLOAT64, 6, 3), s);
            assertArrayEquals(new int[] {6, 4}, s.h().shape(), what + ": the one-step module keeps the batch");
        }
        System.out.printf("%d random cells equal their definitions (%d more refused by name)%n", built, refused);
    }

    /** Issue 23 #11: h made of a parameter alone stayed [H] in the one-step module and the next step refused it. */
    @Test
    void aValueOfParametersAloneIsGivenToEverySample() {
        CellDefinition cell = CellDefinition.builder("TestParameterOnlyHidden").blocks("a").state("s").parameter("p").step(in -> {
            Expr s = in.state("s").mul(in.preActivation("a").sigmoid());
            return Step.of(in.parameter("p").tanh()).state("s", s).gate("q", in.parameter("p").sigmoid());
        }).build();
        RecurrentCell one = RecurrentCell.of(cell, 2, 3, true, DType.FLOAT64, new Rng(1));
        RecurrentState s = one.forward(Tensor.randn(new Rng(2), DType.FLOAT64, 4, 2), null);
        s = one.forward(Tensor.randn(new Rng(3), DType.FLOAT64, 4, 2), s);
        assertArrayEquals(new int[] {4, 3}, s.h().shape());
        assertArrayEquals(new int[] {4, 3}, one.step(Tensor.randn(new Rng(3), DType.FLOAT64, 4, 2), s).gates().get("q").shape());
        Result ref = run(cell, DType.FLOAT64, 5, true), fused = fused(cell, DType.FLOAT64, 1, 5);
        assertClose(ref.values(), fused.values(), 1e-12, "value");
        assertClose(ref.gradients(), fused.gradients(), 1e-10, "gradient");
    }
}
