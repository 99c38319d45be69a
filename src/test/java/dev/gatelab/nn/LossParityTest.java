package dev.gatelab.nn;

import static dev.gatelab.Fixtures.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.Fixtures;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss and reduction (and CE's ignore_index and label_smoothing) against torch.nn.functional, value and gradient. */
class LossParityTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> lossCases() {
        return Fixtures.cases(c -> c.get("loss").asText() + " " + c.get("reduction").asText(), "losses_float64",
                "losses_float32");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossCases")
    void matchesPyTorch(JsonNode c, DType dtype) {
        double tol = Fixtures.tolerance(dtype);
        String what = dtype + " " + c.get("loss").asText() + " " + c.get("reduction").asText();
        Reduction reduction = Reduction.valueOf(c.get("reduction").asText().toUpperCase(Locale.ROOT));
        Tensor x = Fixtures.tensor(c.get("input"), dtype).requiresGrad(true);
        Tensor out = switch (c.get("loss").asText()) {
            case "mse" -> new MSELoss(reduction).forward(x, Fixtures.tensor(c.get("target"), dtype));
            case "bce_with_logits" -> new BCEWithLogitsLoss(reduction).forward(x, Fixtures.tensor(c.get("target"), dtype));
            case "l1" -> new L1Loss(reduction).forward(x, Fixtures.tensor(c.get("target"), dtype));
            case "huber" -> new HuberLoss(reduction, c.get("delta").asDouble()).forward(x, Fixtures.tensor(c.get("target"), dtype));
            default -> new CrossEntropyLoss(reduction, c.get("ignore_index").asInt(), c.get("label_smoothing").asDouble())
                    .forward(x, Fixtures.ints(c.get("labels")));
        };
        assertClose(Fixtures.values(c.get("output")), out, tol, what + " value");
        Ops.sum(out.mul(Fixtures.tensor(c.get("weight"), dtype))).backward();
        assertClose(Fixtures.values(c.get("grad")), x.grad(), tol, what + " gradient");
    }
}
