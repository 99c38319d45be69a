package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Without a graph a layer keeps only two steps' tensors, used in turn; its outputs must be the very bits of a forward
 * that keeps every step for backward. Padded lengths, both directions and two layers take part.
 */
class NoGradForwardTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyModeAndType() {
        return LayerKind.TORCH_MODES.stream().flatMap(m -> java.util.stream.Stream.of(DType.values())
                .map(t -> org.junit.jupiter.params.provider.Arguments.of(m, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("everyModeAndType")
    void aForwardWithoutGradientsGivesTheSameBits(String mode, DType dtype) {
        int input = 3, hidden = 5, steps = 7, batch = 6;
        RecurrentBuilder<?, ?> b = LayerKind.builder(mode, java.util.Map.of("input_size", input, "hidden_size", hidden));
        Recurrent layer = b.numLayers(2).bidirectional(true).dtype(dtype).rng(new Rng(4)).build();
        Rng r = new Rng(5);
        Tensor x = Tensor.randn(r, dtype, steps, batch, input).requiresGrad(true);
        int[] lengths = new int[batch];
        for (int i = 0; i < batch; i++) lengths[i] = 1 + r.nextInt(steps);
        RecurrentOutput withGraph = layer.forward(x, null, lengths);
        RecurrentOutput without;
        try (Grad.Scope off = Grad.off()) {
            without = layer.forward(x, null, lengths);
        }
        assertArrayEquals(withGraph.output().toArray(), without.output().toArray(), "output");
        assertArrayEquals(withGraph.hN().toArray(), without.hN().toArray(), "h_n");
        if (withGraph.cN() != null) assertArrayEquals(withGraph.cN().toArray(), without.cN().toArray(), "c_n");
    }
}
