package dev.gatelab.export;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.ArgumentException;
import dev.gatelab.Slow;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.LstmVariant;
import dev.gatelab.cell.MultiplicativeLstmEquations;
import dev.gatelab.cell.Step;
import dev.gatelab.io.ModelIO;
import dev.gatelab.io.Safetensors;
import dev.gatelab.nn.CellLayer;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.Intervention;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Linear;
import dev.gatelab.nn.Module;
import dev.gatelab.nn.Nonlinearity;
import dev.gatelab.nn.RNN;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.RecurrentBuilder;
import dev.gatelab.nn.RecurrentOutput;
import dev.gatelab.nn.SequenceModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported modules in Debian's PyTorch against Gatelab, in the same run: every built-in cell and variant and two
 * user cells, stacked, bidirectional, with lengths, projected, bare layers and SequenceModels, in float64 and float32.
 * Outputs, final states and the gradient of every parameter agree to 1e-10 in float64, eagerly and under
 * torch.jit.script. Needs /usr/bin/python3 with torch (binder/prerequisites.sh --tests installs python3-torch).
 */
class PyTorchExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHECKER = Path.of("src/test/python/check_export.py");

    /** An MGU (Zhou et al. 2016): one gate, no state; h_{t−1} read directly. */
    static final CellDefinition MGU = CellDefinition.builder("ExportMGU").blocks("f", "n").step(in -> {
        Expr f = in.preActivation("f").sigmoid();
        Expr n = in.inputPart("n").add(f.mul(in.hiddenPart("n"))).tanh();
        return Step.of(f.oneMinus().mul(in.hidden()).add(f.mul(n))).gate("f", f).gate("n", n);
    }).build();

    /** Every kind of leaf and operation: a state, parts read apart, parameters with and without a start, layer norm. */
    static final CellDefinition EVERY_LEAF = CellDefinition.builder("ExportEveryLeaf").blocks("i", "f", "g", "o").state("c")
            .parameter("w_c", 0.25).parameter("gain").initialBias("f", 1).step(in -> {
                Expr c0 = in.state("c");
                Expr i = in.preActivation("i").add(in.parameter("w_c").mul(c0)).sigmoid(), f = in.preActivation("f").sigmoid();
                Expr g = in.inputPart("g").sub(in.hiddenPart("g").neg()).layerNorm().mul(in.parameter("gain")).tanh();
                Expr o = in.preActivation("o").sigmoid();
                Expr c = f.mul(c0).add(i.mul(g));
                return Step.of(o.mul(c.tanh()).add(in.hidden().mul(i).neg().relu())).state("c", c)
                        .gate("i", i).gate("f", f).gate("g", g).gate("o", o);
            }).build();

    /** Products in the step, of h_{t−1} and of a computed value; block b without a hidden part of its own. */
    static final CellDefinition PRODUCTS = CellDefinition.builder("ExportProducts").blocks("a", "b").recurrentBlocks("a")
            .state("s").matrix("w_h").matrix("w_u").step(in -> {
                Expr a = in.preActivation("a").sigmoid();
                Expr u = in.linear("w_h", in.hidden()).mul(a);
                Expr b = in.inputPart("b").sub(in.linear("w_u", u)).tanh();
                Expr s = in.state("s").mul(a).add(b);
                return Step.of(b.mul(s.tanh())).state("s", s).gate("a", a).gate("b", b);
            }).build();

    private record Case(String name, Module model, Tensor input, int[] lengths) {}

    private static <B extends RecurrentBuilder<?, B>> B common(B b, DType dtype, int seed) {
        return b.batchFirst().dtype(dtype).rng(new Rng(seed));
    }

    private static List<Case> cases(DType dtype) {
        List<Case> cases = new ArrayList<>();
        int[] lengths = {5, 3, 4};
        LstmVariant s = LstmVariant.STANDARD;
        Map<String, LstmVariant> variants = new LinkedHashMap<>();
        variants.put("LSTM", s);
        variants.put("LSTM_peepholes", s.peepholes());
        variants.put("LSTM_NIG", s.withoutInputGate());
        variants.put("LSTM_NFG", s.withoutForgetGate());
        variants.put("LSTM_NOG", s.withoutOutputGate());
        variants.put("LSTM_NIAF", s.withoutInputActivation());
        variants.put("LSTM_NOAF", s.withoutOutputActivation());
        variants.put("LSTM_CIFG_peepholes", s.coupledGates().peepholes());
        variants.put("LSTM_forgetBias", s.forgetBias(1));
        variants.put("LSTM_layerNorm", s.layerNorm());
        variants.put("LSTM_layerNorm_peepholes", s.layerNorm().peepholes().forgetBias(1));
        variants.put("LSTM_FGR", s.fullGateRecurrence());
        variants.put("LSTM_FGR_peepholes_CIFG", s.fullGateRecurrence().peepholes().coupledGates());
        int seed = 1;
        for (Map.Entry<String, LstmVariant> v : variants.entrySet()) {
            Recurrent r = common(LSTM.builder(3, 4).variant(v.getValue()).numLayers(2).bidirectional(), dtype, seed++).build();
            cases.add(new Case(v.getKey(), r, input(dtype, seed), lengths));
        }
        cases.add(new Case("LSTM_proj", common(LSTM.builder(3, 5).projSize(2).numLayers(2).bidirectional(), dtype, seed++)
                .build(), input(dtype, seed), lengths));
        cases.add(new Case("GRU", common(GRU.builder(3, 4).numLayers(2).bidirectional(), dtype, seed++).build(),
                input(dtype, seed), lengths));
        cases.add(new Case("RNN_tanh", common(RNN.builder(3, 4).numLayers(2), dtype, seed++).build(), input(dtype, seed), null));
        cases.add(new Case("RNN_relu_nobias", common(RNN.builder(3, 4).nonlinearity(Nonlinearity.RELU).bias(false)
                .bidirectional(), dtype, seed++).build(), input(dtype, seed), lengths));
        cases.add(new Case("user_MGU", common(CellLayer.builder(MGU, 3, 4).numLayers(2).bidirectional(), dtype, seed++).build(),
                input(dtype, seed), lengths));
        cases.add(new Case("mLSTM", common(CellLayer.builder(MultiplicativeLstmEquations.DEFINITION, 3, 4).numLayers(2)
                .bidirectional(), dtype, seed++).build(), input(dtype, seed), lengths));
        cases.add(new Case("user_products", common(CellLayer.builder(PRODUCTS, 3, 4).numLayers(2).bidirectional(), dtype,
                seed++).build(), input(dtype, seed), lengths));
        cases.add(new Case("GRU_time_major", GRU.builder(3, 4).bidirectional().dtype(dtype).rng(new Rng(seed++)).build(),
                Tensor.randn(new Rng(100 + seed), dtype, 5, 3, 3), lengths));
        cases.add(new Case("user_every_leaf", common(CellLayer.builder(EVERY_LEAF, 3, 4).numLayers(2).bidirectional(), dtype,
                seed++).build(), input(dtype, seed), lengths));
        // SequenceModels: the head on the last step (where the reverse direction has just started) and on every step;
        // dropout between layers, which eval mode turns off on both sides.
        cases.add(new Case("model_LSTM_last_step", SequenceModel.lastStep(common(LSTM.builder(3, 4).numLayers(2).dropout(0.3)
                .bidirectional(), dtype, seed++).build(), 2), input(dtype, seed), lengths));
        cases.add(new Case("model_GRU_every_step", SequenceModel.everyStep(common(GRU.builder(3, 4), dtype, seed++).build(), 3),
                input(dtype, seed), lengths));
        cases.add(new Case("model_MGU_last_step", SequenceModel.lastStep(common(CellLayer.builder(MGU, 3, 4), dtype, seed++)
                .build(), 1), input(dtype, seed), null));
        return cases;
    }

    private static Tensor input(DType dtype, int seed) {
        return Tensor.randn(new Rng(100 + seed), dtype, 3, 5, 3);
    }

    @Slow
    @Test
    void everyCellRunsInPyTorchAsInGatelab(@TempDir Path dir) throws Exception {
        List<Map<String, Object>> manifest = new ArrayList<>();
        Map<String, Double> tolerance = new LinkedHashMap<>();
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (Case c : cases(dtype)) {
                String name = c.name() + "_" + (dtype == DType.FLOAT64 ? "f64" : "f32");
                manifest.add(writeCase(dir, name, c));
                tolerance.put(name, dtype == DType.FLOAT64 ? 1e-10 : 1e-4);
            }
        }
        Path list = dir.resolve("cases.json");
        JSON.writeValue(list.toFile(), Map.of("cases", manifest));
        List<JsonNode> results = runChecker(list);
        assertEquals(manifest.size(), results.size(), "one result per case");
        for (int i = 0; i < manifest.size(); i++) {
            JsonNode r = results.get(i);
            String name = r.get("case").asText();
            assertTrue(r.get("refuses_lengths").asBoolean(), name + ": a length of 0 is refused, as Gatelab refuses it");
            assertTrue(r.get("refuses_other_checkpoint").asBoolean(), name + ": another model's checkpoint is refused");
            // What PyTorch saved, after a cast to float32, loads in Gatelab as float32 with the same weights.
            Module original = ModelIO.load(Path.of((String) manifest.get(i).get("checkpoint"))).model();
            Module resaved = ModelIO.load(Path.of((String) manifest.get(i).get("resaved"))).model();
            assertEquals(DType.FLOAT32, resaved.dtype(), name + ": save_gatelab writes the dtype the weights have");
            assertEquals(original.config().toString().replace("FLOAT64", "FLOAT32"), resaved.config().toString(), name);
            original.namedParameters().forEach((n, p) -> {
                Tensor q = resaved.namedParameters().get(n);
                for (int j = 0; j < p.size(); j++) {
                    assertEquals((float) p.get(j), q.get(j), 0.0, name + ": " + n + "[" + j + "] through PyTorch and back");
                }
            });
        }

        StringBuilder table = new StringBuilder("| case | parameters | float64, largest difference | float32, largest difference ÷ largest value |\n|---|---|---|---|\n");
        Map<String, double[]> worst = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String name = r.get("case").asText();
            double w = 0;
            for (String mode : new String[] {"eager", "script"}) {
                JsonNode m = r.get(mode);
                for (String what : new String[] {"output", "states", "grads"}) {
                    // float64 absolute; float32 relative to each tensor's largest value: a layer norm over 4 units
                    // loses digits to rounding on both sides (1.8e-5 of the largest gradient, where float64 agrees to 1e-15)
                    String k = name.endsWith("f64") ? what : what + "_relative";
                    double d = m.get(k).asDouble();
                    assertTrue(d <= tolerance.get(name), name + " (" + mode + "): " + k + " differs from Gatelab's by " + d
                            + (what.equals("grads") ? " (worst at " + m.get("worst_grad").asText() + ")" : "")
                            + ", more than " + tolerance.get(name));
                    w = Math.max(w, d);
                }
            }
            String base = name.substring(0, name.length() - 4);
            worst.computeIfAbsent(base, k -> new double[] {r.get("eager").get("parameters").asDouble(), -1, -1})
                    [name.endsWith("f64") ? 1 : 2] = w;
        }
        worst.forEach((name, w) -> table.append(String.format("| %s | %d | %.1e | %.1e |%n", name, (int) w[0], w[1], w[2])));
        System.out.println("PyTorch export agreement (over outputs, final states and every"
                + " parameter's gradient, eager and torch.jit.script):\n" + table);
    }

    /** Saves the model, exports it, and writes the input, the loss's weights and Gatelab's outputs and gradients. */
    private static Map<String, Object> writeCase(Path dir, String name, Case c) throws Exception {
        Path checkpoint = dir.resolve(name + ".safetensors"), module = dir.resolve(name + ".py"), data = dir.resolve(name + "_data.safetensors");
        ModelIO.save(checkpoint, c.model());
        PyTorchExport.write(module, c.model());
        DType dtype = c.model().dtype();
        Rng rng = new Rng(name.hashCode());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("input", c.input());
        if (c.lengths() != null) {
            double[] l = new double[c.lengths().length];
            for (int i = 0; i < l.length; i++) l[i] = c.lengths()[i];
            tensors.put("lengths", Tensor.of(DType.FLOAT64, l, l.length));
        }
        c.model().eval();
        c.model().zeroGrad();
        Function<Tensor, Tensor> weights = t -> Tensor.randn(rng, dtype, t.shape());
        Tensor loss;
        String kind;
        if (c.model() instanceof SequenceModel m) {
            kind = "sequence";
            Tensor out = m.forward(c.input(), c.lengths());
            Tensor r = weights.apply(out);
            tensors.put("gatelab.output", out);
            tensors.put("r.output", r);
            loss = Ops.sum(Ops.mul(out, r));
        } else {
            kind = "recurrent";
            RecurrentOutput out = ((Recurrent) c.model()).forward(c.input(), c.lengths());
            Tensor r = weights.apply(out.output());
            tensors.put("gatelab.output", out.output());
            tensors.put("r.output", r);
            loss = Ops.sum(Ops.mul(out.output(), r));
            // h_n, then each of the cell's states by name, as the module returns them
            List<Tensor> named = new ArrayList<>(List.of(out.hN()));
            for (String st : out.stateNames()) named.add(out.state(st));
            Tensor[] states = named.toArray(new Tensor[0]);
            for (int j = 0; j < states.length; j++) {
                Tensor rs = weights.apply(states[j]);
                tensors.put("gatelab.state" + j, states[j]);
                tensors.put("r.state" + j, rs);
                loss = Ops.add(loss, Ops.sum(Ops.mul(states[j], rs)));
            }
        }
        loss.backward();
        c.model().namedParameters().forEach((n, p) -> tensors.put("grad." + n, p.grad()));
        Safetensors.save(data, tensors, Map.of());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("kind", kind);
        entry.put("module", module.toString());
        entry.put("checkpoint", checkpoint.toString());
        entry.put("data", data.toString());
        entry.put("resaved", dir.resolve(name + "_resaved.safetensors").toString());
        return entry;
    }

    private static List<JsonNode> runChecker(Path manifest) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", CHECKER.toString(), manifest.toString()).redirectErrorStream(true).start();
        List<JsonNode> results = new ArrayList<>();
        StringBuilder other = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{\"case\"")) results.add(JSON.readTree(line));
                else other.append(line).append('\n');
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            fail("check_export.py exited " + rc + " (this test needs /usr/bin/python3 with torch: apt-get install"
                    + " python3-torch, which binder/prerequisites.sh --tests does):\n" + other);
        }
        return results;
    }

    @Test
    void whatTheExportDoesNotCoverIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model_torch.py");
        assertRefuses(ArgumentException.class,
                () -> PyTorchExport.write(file, new Linear(3, 2, true, DType.FLOAT64, new Rng(1))), "got Linear");
        SequenceModel m = SequenceModel.lastStep(LSTM.builder(2, 3).batchFirst().dtype(DType.FLOAT64).build(), 1);
        assertRefuses(ArgumentException.class,
                () -> PyTorchExport.write(file, m.with(Intervention.on("c").units(0).silence())), "interventions");
        assertRefuses(ArgumentException.class,
                () -> PyTorchExport.write(dir.resolve("my-model.py"), m), "'my-model.py'");
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "nothing written");
        }
    }

    @Test
    void theCellReadsAsItsEquations() {
        String py = PyTorchExport.source(LSTM.builder(2, 3).dtype(DType.FLOAT64).build());
        String step = py.substring(py.indexOf("class LSTMCell(Cell)"));
        step = step.substring(step.indexOf("        c_prev"), step.indexOf("\n\n\n"));
        assertEquals(String.join("\n",
                "        c_prev = states[0]",
                "        f = torch.sigmoid(xg[1] + hg[1])",
                "        i = torch.sigmoid(xg[0] + hg[0])",
                "        g = torch.tanh(xg[2] + hg[2])",
                "        c = f * c_prev + i * g",
                "        o = torch.sigmoid(xg[3] + hg[3])",
                "        h = o * torch.tanh(c)",
                "        return h, [c]"), step, "PyTorch's LSTM, one equation a line in the order LstmVariant states them (the test above runs it)");
    }
}
