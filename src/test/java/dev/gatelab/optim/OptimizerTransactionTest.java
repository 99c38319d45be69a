package dev.gatelab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer's update, written once for float32 and float64 with DType.rounded where it reads back what it
 * wrote, gives the bits of the element loop it replaced (written out below through Tensor.get and set, as it was), and
 * {@link Optimizer#stepIfFinite()} is a transaction: the same bits as {@link Optimizer#step()} when it commits, and
 * nothing changed at all (parameters, state, step counts) when a new value would not be finite.
 */
class OptimizerTransactionTest {
    /** An optimizer configuration, built on any parameters. */
    private record Config(String name, Function<List<Tensor>, Optimizer> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Config> CONFIGS = List.of(
            new Config("SGD", ps -> new SGD(ps, 0.05)),
            new Config("SGD nesterov wd", ps -> new SGD(ps, 0.05).momentum(0.9).weightDecay(0.01).nesterov(true)),
            new Config("SGD dampened", ps -> new SGD(ps, 0.05).momentum(0.8).dampening(0.3)),
            new Config("RMSprop", ps -> new RMSprop(ps, 0.01)),
            new Config("RMSprop centered momentum wd", ps -> new RMSprop(ps, 0.01).centered(true).momentum(0.5).weightDecay(0.1)),
            new Config("Adagrad", ps -> new Adagrad(ps, 0.1).lrDecay(0.01).weightDecay(0.02).initialAccumulatorValue(0.1)),
            new Config("Adam", ps -> new Adam(ps, 0.01).weightDecay(0.01)),
            new Config("AdamW", ps -> new AdamW(ps, 0.01)));

    static Stream<Arguments> configsAndTypes() {
        return CONFIGS.stream().flatMap(c -> Stream.of(Arguments.of(c, DType.FLOAT32), Arguments.of(c, DType.FLOAT64)));
    }

    private static List<Tensor> params(DType dtype) {
        Rng rng = new Rng(11);
        return List.of(Tensor.randn(rng, dtype, 3, 5).requiresGrad(true), Tensor.randn(rng, dtype, 7).requiresGrad(true));
    }

    /** L = Σ (p³/3 − p), so that the gradient p² − 1 moves as p does and the steps differ. */
    private static void gradients(List<Tensor> ps) {
        for (Tensor p : ps) {
            p.zeroGrad();
            p.pow(3).mul(1.0 / 3).sub(p).sum().backward();
        }
    }

    private static double[][] values(List<Tensor> ps) {
        return ps.stream().map(Tensor::toArray).toArray(double[][]::new);
    }

    private static Map<String, double[]> state(Optimizer o) {
        Map<String, double[]> out = new LinkedHashMap<>();
        o.stateTensors().forEach((k, t) -> out.put(k, t.toArray()));
        return out;
    }

    private static void assertSameBits(Map<String, double[]> expected, Map<String, double[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), what + " " + k));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configsAndTypes")
    void stepIfFiniteCommitsTheBitsOfStep(Config config, DType dtype) {
        List<Tensor> a = params(dtype), b = params(dtype);
        Optimizer plain = config.make().apply(a), transaction = config.make().apply(b);
        for (int step = 0; step < 4; step++) {
            gradients(a);
            gradients(b);
            plain.step();
            assertNull(transaction.stepIfFinite());
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).toArray(), b.get(i).toArray(), "step " + step);
            assertSameBits(state(plain), state(transaction), "step " + step);
            assertArrayEquals(plain.stepCounts(), transaction.stepCounts());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configsAndTypes")
    void theArrayLoopGivesTheElementLoopsBits(Config config, DType dtype) {
        if (config.name().startsWith("Adam") && dtype == DType.FLOAT32) return; // float32 Adam computes in float, as torch
        List<Tensor> a = params(dtype), b = params(dtype);
        Optimizer optimizer = config.make().apply(a);
        Map<String, Map<String, Tensor>> reference = new LinkedHashMap<>();
        for (int step = 1; step <= 4; step++) {
            gradients(a);
            gradients(b);
            optimizer.step();
            for (int i = 0; i < b.size(); i++) {
                Map<String, Tensor> s = reference.computeIfAbsent("p" + i, k -> new LinkedHashMap<>());
                elementLoop(config.name(), b.get(i), s, step);
                assertArrayEquals(b.get(i).toArray(), a.get(i).toArray(), config + " parameter " + i + " step " + step);
            }
        }
    }

    /** The updates as they were written before, element by element through Tensor.get and set. */
    private static void elementLoop(String name, Tensor p, Map<String, Tensor> state, int step) {
        Tensor grad = p.grad();
        Function<String, Tensor> buf = n -> state.computeIfAbsent(n, k -> {
            Tensor t = Tensor.zeros(p.dtype(), p.shape());
            if (name.equals("Adagrad")) t.fill(0.1);
            return t;
        });
        for (int i = 0; i < p.size(); i++) {
            switch (name) {
                case "SGD" -> p.set(i, p.get(i) - 0.05 * grad.get(i));
                case "SGD nesterov wd", "SGD dampened" -> {
                    boolean nesterov = name.equals("SGD nesterov wd");
                    double momentum = nesterov ? 0.9 : 0.8, dampening = nesterov ? 0 : 0.3, wd = nesterov ? 0.01 : 0;
                    Tensor b = buf.apply("momentum_buffer");
                    double g = grad.get(i) + wd * p.get(i);
                    b.set(i, step == 1 ? g : momentum * b.get(i) + (1 - dampening) * g);
                    g = nesterov ? g + momentum * b.get(i) : b.get(i);
                    p.set(i, p.get(i) - 0.05 * g);
                }
                case "RMSprop", "RMSprop centered momentum wd" -> {
                    boolean all = !name.equals("RMSprop");
                    double wd = all ? 0.1 : 0, alpha = 0.99, eps = 1e-8;
                    Tensor sq = buf.apply("square_avg");
                    double g = grad.get(i) + wd * p.get(i);
                    sq.set(i, alpha * sq.get(i) + (1 - alpha) * g * g);
                    double a;
                    if (all) {
                        Tensor avg = buf.apply("grad_avg");
                        avg.set(i, alpha * avg.get(i) + (1 - alpha) * g);
                        a = Math.sqrt(sq.get(i) - avg.get(i) * avg.get(i)) + eps;
                        Tensor b = buf.apply("momentum_buffer");
                        b.set(i, 0.5 * b.get(i) + g / a);
                        p.set(i, p.get(i) - 0.01 * b.get(i));
                    } else {
                        a = Math.sqrt(sq.get(i)) + eps;
                        p.set(i, p.get(i) - 0.01 * g / a);
                    }
                }
                case "Adagrad" -> {
                    Tensor sum = buf.apply("sum");
                    double clr = 0.1 / (1 + (step - 1) * 0.01), g = grad.get(i) + 0.02 * p.get(i);
                    sum.set(i, sum.get(i) + g * g);
                    p.set(i, p.get(i) - clr * g / (Math.sqrt(sum.get(i)) + 1e-10));
                }
                case "Adam", "AdamW" -> {
                    boolean decoupled = name.equals("AdamW");
                    double lr = 0.01, wd = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
                    double stepSize = lr / (1 - Math.pow(b1, step)), c2 = Math.sqrt(1 - Math.pow(b2, step));
                    Tensor m = buf.apply("exp_avg"), v = buf.apply("exp_avg_sq");
                    double g = grad.get(i);
                    if (decoupled) p.set(i, p.get(i) * (1 - lr * wd));
                    else g += wd * p.get(i);
                    m.set(i, b1 * m.get(i) + (1 - b1) * g);
                    v.set(i, b2 * v.get(i) + (1 - b2) * g * g);
                    p.set(i, p.get(i) - stepSize * m.get(i) / (Math.sqrt(v.get(i)) / c2 + eps));
                }
                default -> throw new IllegalArgumentException(name);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configsAndTypes")
    void aStepThatWouldOverflowChangesNothing(Config config, DType dtype) {
        double huge = dtype == DType.FLOAT32 ? 1e25 : 1e200;     // its square overflows the type
        List<Tensor> ps = params(dtype);
        Optimizer optimizer = config.make().apply(ps);
        double lr = optimizer.lr();
        double[][] initial = values(ps);
        gradients(ps);
        ps.get(1).grad().set(4, huge);
        optimizer.setLr(huge);
        assertNotNull(optimizer.stepIfFinite(), "a first step");
        assertTrue(optimizer.stateTensors().isEmpty(), "a rejected first step makes no state: " + optimizer.stateTensors().keySet());
        assertArrayEquals(new int[ps.size()], optimizer.stepCounts());
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(initial[i], ps.get(i).toArray(), "parameter " + i);

        optimizer.setLr(lr);
        for (int step = 0; step < 2; step++) {
            gradients(ps);
            assertNull(optimizer.stepIfFinite());
        }
        double[][] before = values(ps);
        Map<String, double[]> stateBefore = state(optimizer);
        int[] countsBefore = optimizer.stepCounts();
        gradients(ps);
        ps.get(1).grad().set(4, huge);
        optimizer.setLr(huge);
        Optimizer.Rejection r = optimizer.stepIfFinite();
        assertNotNull(r, "an update by " + huge + " at " + huge);
        assertEquals(1, r.parameter(), "the parameter with the huge gradient: " + r);
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(before[i], ps.get(i).toArray(), "parameter " + i);
        assertSameBits(stateBefore, state(optimizer), "state");
        assertArrayEquals(countsBefore, optimizer.stepCounts());
    }

    @org.junit.jupiter.api.Test
    void aRejectionNamesTheValueThatWouldGoBad() {
        List<Tensor> ps = new ArrayList<>(params(DType.FLOAT64));
        Adam adam = new Adam(ps, 0.01);
        gradients(ps);
        ps.get(0).grad().set(2, 1e200);
        assertEquals(new Optimizer.Rejection(0, "exp_avg_sq"), adam.stepIfFinite());
        SGD sgd = new SGD(ps, 1e200);
        assertEquals(new Optimizer.Rejection(0, "param"), sgd.stepIfFinite());
    }
}
