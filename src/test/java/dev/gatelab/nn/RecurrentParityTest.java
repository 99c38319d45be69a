package dev.gatelab.nn;

import static dev.gatelab.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.Fixtures;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads torch.nn.RNN/LSTM/GRU weights into the Gatelab layer of the same configuration and checks outputs, final
 * states, and the gradients of a weighted sum of all three with respect to the input, the initial states and every
 * parameter: float64 to 1e-10, float32 to 1e-5.
 */
class RecurrentParityTest {
    static Stream<String> fixtures() {
        return Fixtures.named("recurrent_");
    }

    static Recurrent build(JsonNode fx) {
        RecurrentBuilder<?, ?> b = LayerKind.builder(fx.get("mode").asText(), Map.of("input_size",
                fx.get("input_size").asInt(), "hidden_size", fx.get("hidden_size").asInt(), "proj_size", fx.path("proj_size").asInt(0)));
        DType dtype = Fixtures.dtype(fx);
        Recurrent layer = b.numLayers(fx.get("num_layers").asInt()).bias(fx.get("bias").asBoolean())
                .batchFirst(fx.get("batch_first").asBoolean()).bidirectional(fx.get("bidirectional").asBoolean())
                .dtype(dtype).build();
        Map<String, Tensor> state = new LinkedHashMap<>();
        fx.get("params").fields().forEachRemaining(e -> state.put(e.getKey(), Fixtures.tensor(e.getValue(), dtype)));
        layer.loadStateDict(state);
        return layer;
    }

    static Tensor optional(JsonNode node, DType dtype) {
        return node == null || node.isNull() ? null : Fixtures.tensor(node, dtype).requiresGrad(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(String name) {
        JsonNode fx = Fixtures.load(name);
        DType dtype = Fixtures.dtype(fx);
        double tol = Fixtures.tolerance(dtype);
        Recurrent layer = build(fx);
        Tensor x = Fixtures.tensor(fx.get("input"), dtype).requiresGrad(true);
        Tensor h0 = optional(fx.get("h0"), dtype), c0 = optional(fx.get("c0"), dtype);
        int[] lengths = fx.get("lengths").isNull() ? null : Fixtures.ints(fx.get("lengths"));

        RecurrentOutput out = layer.forward(x, h0 == null ? null : RecurrentState.of(h0, c0), lengths);
        assertClose(Fixtures.values(fx.get("output")), out.output(), tol, name + " output");
        assertClose(Fixtures.values(fx.get("h_n")), out.hN(), tol, name + " h_n");
        if (fx.get("c_n").isNull()) assertNull(out.cN(), name + " c_n");
        else assertClose(Fixtures.values(fx.get("c_n")), out.cN(), tol, name + " c_n");

        Tensor loss = Ops.sum(out.output().mul(Fixtures.tensor(fx.get("w_out"), dtype)))
                .add(Ops.sum(out.hN().mul(Fixtures.tensor(fx.get("w_h"), dtype))));
        if (out.cN() != null) loss = loss.add(Ops.sum(out.cN().mul(Fixtures.tensor(fx.get("w_c"), dtype))));
        loss.backward();

        JsonNode grads = fx.get("grads");
        assertClose(Fixtures.values(grads.get("input")), x.grad(), tol, name + " d input");
        if (h0 != null) assertClose(Fixtures.values(grads.get("h0")), h0.grad(), tol, name + " d h0");
        if (c0 != null) assertClose(Fixtures.values(grads.get("c0")), c0.grad(), tol, name + " d c0");
        layer.namedParameters().forEach((p, t) ->
                assertClose(Fixtures.values(grads.get(p)), t.grad(), tol, name + " d " + p));
    }
}
