package dev.gatelab.optim;

import static dev.gatelab.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.Fixtures;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Five steps of every optimizer configuration on L = Σ a⊙p² + b⊙p³/3 (a loss whose gradient moves with p), compared
 * with torch.optim after every step, plus the schedules and the two kinds of clipping.
 */
class OptimizerParityTest {
    static Optimizer make(String name, JsonNode o, List<Tensor> params) {
        double lr = o.get("lr").asDouble();
        return switch (name) {
            case "sgd" -> new SGD(params, lr).momentum(o.path("momentum").asDouble(0))
                    .dampening(o.path("dampening").asDouble(0)).weightDecay(o.path("weight_decay").asDouble(0))
                    .nesterov(o.path("nesterov").asBoolean(false));
            case "adam", "adamw" -> {
                Adam a = name.equals("adam") ? new Adam(params, lr) : new AdamW(params, lr);
                if (o.has("betas")) a.betas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
                if (o.has("eps")) a.eps(o.get("eps").asDouble());
                if (o.has("weight_decay")) a.weightDecay(o.get("weight_decay").asDouble());
                yield a;
            }
            case "rmsprop" -> new RMSprop(params, lr).alpha(o.path("alpha").asDouble(0.99))
                    .momentum(o.path("momentum").asDouble(0)).weightDecay(o.path("weight_decay").asDouble(0))
                    .centered(o.path("centered").asBoolean(false));
            case "adagrad" -> new Adagrad(params, lr).lrDecay(o.path("lr_decay").asDouble(0))
                    .weightDecay(o.path("weight_decay").asDouble(0))
                    .initialAccumulatorValue(o.path("initial_accumulator_value").asDouble(0));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> optimizerCases() {
        return Fixtures.cases(c -> c.get("optimizer").asText() + " " + c.get("options"), "optimizers_float64",
                "optimizers_float32");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("optimizerCases")
    void fiveStepsMatchPyTorch(JsonNode c, DType dtype) {
        double tol = Fixtures.tolerance(dtype);
        String what = dtype + " " + c.get("optimizer").asText() + " " + c.get("options");
        List<Tensor> params = new ArrayList<>(), a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < c.get("init").size(); i++) {
            params.add(Fixtures.tensor(c.get("init").get(i), dtype).requiresGrad(true));
            a.add(Fixtures.tensor(c.get("a").get(i), dtype));
            b.add(Fixtures.tensor(c.get("b").get(i), dtype));
        }
        Optimizer opt = make(c.get("optimizer").asText(), c.get("options"), params);
        for (int step = 0; step < 5; step++) {
            opt.zeroGrad();
            Tensor loss = null;
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor term = a.get(i).mul(p).mul(p).sum().add(b.get(i).mul(p.pow(3)).sum().mul(1.0 / 3));
                loss = loss == null ? term : loss.add(term);
            }
            loss.backward();
            opt.step();
            for (int i = 0; i < params.size(); i++) {
                assertClose(Fixtures.values(c.get("steps").get(step).get(i)), params.get(i), tol,
                        what + " step " + (step + 1) + " parameter " + i);
            }
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> scheduleCases() {
        return Fixtures.cases(c -> c.get("schedule").asText(), "schedules");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("scheduleCases")
    void schedulesMatchPyTorch(JsonNode c, DType unused) {
        Tensor p = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        SGD opt = new SGD(List.of(p), c.get("base_lr").asDouble());
        String kind = c.get("schedule").asText();
        LRScheduler scheduler = switch (kind) {
            case "step" -> new StepLR(opt, 3, 0.5);
            case "exponential" -> new ExponentialLR(opt, 0.9);
            case "cosine" -> new CosineAnnealingLR(opt, 8, 0.01);
            default -> new ReduceLROnPlateau(opt).factor(0.5).patience(2).cooldown(1).minLr(0.1);
        };
        double[] lrs = new double[c.get("lrs").size()];
        for (int e = 0; e < lrs.length; e++) {
            scheduler.step(kind.equals("plateau") ? c.get("metrics").get(e).asDouble() : Double.NaN);
            lrs[e] = opt.lr();
        }
        assertClose(Fixtures.values(c.get("lrs")), lrs, 1e-12, kind + " learning rates");
    }

    @org.junit.jupiter.api.Test
    void clippingMatchesPyTorch() {
        JsonNode fx = Fixtures.load("clipping");
        for (JsonNode c : fx.get("cases")) {
            List<Tensor> params = new ArrayList<>();
            for (JsonNode g : fx.get("input")) {
                Tensor p = Tensor.zeros(DType.FLOAT64, Fixtures.shape(g)).requiresGrad(true);
                p.setGrad(Fixtures.tensor(g, DType.FLOAT64));
                params.add(p);
            }
            if (c.get("kind").asText().equals("norm")) {
                double norm = GradClip.byNorm(params, c.get("limit").asDouble());
                assertEquals(c.get("total_norm").asDouble(), norm, 1e-12);
            } else {
                GradClip.byValue(params, c.get("limit").asDouble());
            }
            for (int i = 0; i < params.size(); i++) {
                assertClose(Fixtures.values(c.get("grads").get(i)), params.get(i).grad(), 1e-12,
                        "clip " + c.get("kind").asText() + " " + c.get("limit").asDouble());
            }
        }
    }
}
