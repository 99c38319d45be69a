package dev.gatelab.autograd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable operation passes the central-difference check in float64. */
class GradCheckOpsTest {
    private static final Rng RNG = new Rng(42);

    static Tensor rand(int... shape) {
        return Tensor.uniform(RNG, DType.FLOAT64, -1, 1, shape);
    }

    static Tensor positive(int... shape) {
        return Tensor.uniform(RNG, DType.FLOAT64, 0.5, 2, shape);
    }

    static Arguments op(String name, Supplier<Tensor> f, Tensor... wrt) {
        return Arguments.of(name, f, wrt);
    }

    static Stream<Arguments> operations() {
        Tensor a = rand(3, 4), b = rand(3, 4), row = rand(1, 4), col = rand(3, 1), s = rand(1, 1);
        Tensor p = positive(3, 4), m = rand(4, 5), mt = rand(5, 4), at = rand(4, 3), seq = rand(2, 3, 4);
        Tensor table = rand(5, 3), w26 = rand(2, 6);
        return Stream.of(
                op("add", () -> a.add(b), a, b),
                op("add row broadcast", () -> a.add(row), a, row),
                op("sub column broadcast", () -> a.sub(col), a, col),
                op("mul scalar broadcast", () -> s.mul(a), s, a),
                op("mul", () -> a.mul(b), a, b),
                op("div", () -> a.div(p), a, p),
                op("div column broadcast", () -> col.div(p), col, p),
                op("neg", () -> a.neg(), a),
                op("sigmoid", () -> a.mul(3).sigmoid(), a),
                op("tanh", () -> a.tanh(), a),
                op("relu", () -> a.relu(), a),
                op("exp", () -> a.exp(), a),
                op("log", () -> p.log(), p),
                op("pow", () -> p.pow(2.5), p),
                op("softplus", () -> Ops.softplus(a.mul(4)), a),
                op("abs", () -> a.abs(), a),
                op("matmul", () -> a.matmul(m), a, m),
                op("matmul A·Bᵀ", () -> a.matmulT(mt), a, mt),
                op("matmul Aᵀ·B", () -> Ops.matmul(at, true, m, false), at, m),
                op("matmul Aᵀ·Bᵀ", () -> Ops.matmul(at, true, mt, true), at, mt),
                op("sum", () -> a.sum(), a),
                op("sum rows", () -> a.sum(0), a),
                op("sum columns", () -> a.sum(1), a),
                op("mean", () -> a.mean(), a),
                op("mean rows", () -> a.mean(0), a),
                op("mean columns", () -> a.mean(1), a),
                op("concat rows", () -> Ops.concat(0, a, row), a, row),
                op("concat columns", () -> Ops.concat(1, a, col), a, col),
                op("slice rows", () -> a.slice(0, 1, 3), a),
                op("slice columns", () -> a.slice(1, 1, 4), a),
                op("rows, one twice", () -> Ops.rows(a, 2, 0, 2), a),
                op("transpose", () -> a.transpose().matmul(b), a, b),
                op("reshape", () -> a.reshape(2, 6).mul(w26), a),
                op("swap axes", () -> Ops.swapAxes01(seq).reshape(6, 4).matmul(m), seq),
                op("segment", () -> Ops.segment(a, 2, 5, 2), a),
                op("softmax", () -> a.mul(3).softmax(), a),
                op("log softmax", () -> a.mul(3).logSoftmax(), a),
                op("embedding", () -> Ops.embedding(table, new int[] {4, 0, 4, 2}, 2, 2), table));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void passesGradCheck(String name, Supplier<Tensor> f, Tensor[] wrt) {
        GradCheck.Result r = GradCheck.check(f, wrt);
        assertTrue(r.passed(1e-7), name + ": " + r);
        assertTrue(r.checked() > 0);
    }

    @Test
    void dropoutPassesGradCheckWithAFixedMask() {
        Tensor a = rand(4, 5);
        GradCheck.Result r = GradCheck.check(() -> Ops.dropout(a, 0.3, new Rng(9)), a);
        assertTrue(r.passed(1e-7), r.toString());
    }

    @Test
    void catchesAWrongBackward() {
        Tensor a = rand(3, 3);
        // x·|x| has derivative 2|x|; pretending it is |x| must fail the check.
        Supplier<Tensor> wrong = () -> {
            Tensor out = Tensor.resultOf(DType.FLOAT64, a.shape(), a);
            for (int i = 0; i < a.size(); i++) out.set(i, a.get(i) * Math.abs(a.get(i)));
            out.onBackward(() -> {
                for (int i = 0; i < a.size(); i++) a.gradBuffer().add(i, out.grad().get(i) * Math.abs(a.get(i)));
            });
            return out;
        };
        assertFalse(GradCheck.check(wrong, a).passed(1e-4));
    }
}
