package dev.gatelab.cell;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.Slow;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.io.ModelIO;
import dev.gatelab.io.Safetensors;
import dev.gatelab.nn.CellLayer;
import dev.gatelab.nn.SequenceModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint carries its cell as data: it loads and predicts bit for bit in a JVM that never built the cell, and a
 * crafted definition in the file is refused with an IOException that names the field.
 */
class CheckpointCarriesCellTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A state, a per-unit parameter with a starting value, a block read in parts, layer normalisation, every kind of leaf. */
    static CellDefinition peepholeCell(String name) {
        return peepholeCell(CellDefinition.builder(name));
    }

    private static CellDefinition peepholeCell(CellDefinition.Builder builder) {
        return builder.blocks("i", "f", "g", "o").state("c").parameter("w_c", 0.25)
                .initialBias("f", 1).step(in -> {
                    Expr c0 = in.state("c");
                    Expr i = in.preActivation("i").add(in.parameter("w_c").mul(c0)).sigmoid(), f = in.preActivation("f").sigmoid();
                    Expr g = in.inputPart("g").add(in.hiddenPart("g")).layerNorm().tanh(), o = in.preActivation("o").sigmoid();
                    Expr c = f.mul(c0).add(i.mul(g));
                    return Step.of(o.mul(c.tanh()).add(in.hidden().mul(i).neg().relu())).state("c", c)
                            .gate("i", i).gate("f", f).gate("g", g).gate("o", o);
                }).build();
    }

    /** Products in the step, two states, a block without a hidden part: what the second round of cells added. */
    static CellDefinition productsCell(String name) {
        return CellDefinition.builder(name).blocks("a", "b").recurrentBlocks("a").state("s").state("a_prev").matrix("r")
                .matrix("w").step(in -> {
                    Expr a = in.preActivation("a").add(in.linear("r", in.state("a_prev"))).sigmoid();
                    Expr b = in.inputPart("b").add(in.linear("w", in.hidden().mul(a))).tanh();
                    Expr s = in.state("s").mul(a).add(a.oneMinus().mul(b));
                    return Step.of(s.tanh()).state("s", s).state("a_prev", a).gate("a", a).gate("b", b);
                }).build();
    }

    static Tensor input() {
        return Tensor.randn(new Rng(7), DType.FLOAT64, 3, 5, 2);
    }

    private static SequenceModel model(CellDefinition cell) {
        return SequenceModel.lastStep(CellLayer.builder(cell, 2, 6).numLayers(2).bidirectional().batchFirst()
                .dtype(DType.FLOAT64).rng(new Rng(3)).build(), 2);
    }

    @Slow
    @Test
    void aCheckpointLoadsAndPredictsBitForBitInAJvmThatNeverBuiltItsCell(@TempDir Path dir) throws Exception {
        predictsInAFreshJvm(dir, peepholeCell("CarriedPeephole"));
        predictsInAFreshJvm(dir, productsCell("CarriedProducts"));
    }

    private static void predictsInAFreshJvm(Path dir, CellDefinition cell) throws Exception {
        SequenceModel model = model(cell);
        Path file = dir.resolve(cell.name() + ".safetensors");
        ModelIO.save(file, model);
        List<String> expected = new ArrayList<>();
        for (double v : model.predict(input()).toArray()) expected.add(Long.toHexString(Double.doubleToRawLongBits(v)));

        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                PredictFromCheckpoint.class.getName(), file.toString(), cell.name()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> got = out.lines().filter(l -> l.matches("[0-9a-f]+")).toList();
        assertEquals(expected, got, cell.name() + ": the same bits in a fresh JVM:\n" + out);
    }

    @Test
    void theDataRebuildsTheSameCellForEveryBuiltIn() {
        LstmVariant lstm = LstmVariant.STANDARD;
        for (CellDefinition d : List.of(lstm.definition(), lstm.peepholes().definition(), lstm.coupledGates().definition(),
                lstm.layerNorm().definition(), lstm.withoutForgetGate().definition(), lstm.withoutOutputActivation().definition(),
                GruEquations.DEFINITION, ElmanEquations.TANH, ElmanEquations.RELU, peepholeCell("CarriedAgain"),
                MultiplicativeLstmEquations.DEFINITION, lstm.fullGateRecurrence().peepholes().definition(),
                productsCell("CarriedProductsAgain"))) {
            CellDefinition again = DefinitionData.read(roundTrip(d.toData()), "test");
            assertEquals(d.fingerprint(), again.fingerprint(), d.name());
        }
    }

    /** A step that records other equations than it compiled to would save a file no other JVM loads: refused at save. */
    @Test
    void aStepThatChangesAfterBuildIsRefusedWhenSaved(@TempDir Path dir) {
        boolean[] changed = {false};
        CellDefinition fickle = CellDefinition.builder("CarriedFickle").blocks("h").step(in -> {
            Expr h = changed[0] ? in.preActivation("h").sigmoid() : in.preActivation("h").tanh();
            return Step.of(h);
        }).build();
        changed[0] = true;                           // the notebook cell that defined the step changed a variable
        SequenceModel model = SequenceModel.lastStep(CellLayer.builder(fickle, 2, 3).batchFirst().build(), 1);
        assertRefuses(Exception.class,
                () -> ModelIO.save(dir.resolve("fickle.safetensors"), model),
                "a step must be a function of its inputs alone");
        assertTrue(!java.nio.file.Files.exists(dir.resolve("fickle.safetensors")), "nothing written");
    }

    private static Map<String, Object> roundTrip(Map<String, Object> data) {
        try {
            return JSON.readValue(JSON.writeValueAsString(data), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Edits the saved config's cell_definition, then loads in this JVM where the cell's name is not defined. */
    private static IOException crafted(Path dir, String file, Consumer<Map<String, Object>> edit) throws Exception {
        String name = "Crafted" + file.replaceAll("[^A-Za-z0-9]", "");
        SequenceModel model = SequenceModel.lastStep(CellLayer.builder(peepholeCellUnregistered(name), 2, 3).batchFirst().build(), 1);
        Path path = dir.resolve(file + ".safetensors");
        ModelIO.save(path, model);
        Safetensors.Contents c = Safetensors.load(path);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        Map<String, Object> config = JSON.readValue(meta.get("gatelab.config"), new TypeReference<Map<String, Object>>() {});
        @SuppressWarnings("unchecked")
        Map<String, Object> rnn = (Map<String, Object>) config.get("rnn");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) rnn.get("cell_definition");
        edit.accept(data);
        meta.put("gatelab.config", JSON.writeValueAsString(config));
        Safetensors.save(path, c.tensors(), meta);
        return assertThrows(IOException.class, () -> ModelIO.load(path, SequenceModel.class));
    }

    /** The peephole cell, built without registering its name, as in a JVM that never built it. */
    private static CellDefinition peepholeCellUnregistered(String name) {
        return peepholeCell(CellDefinition.builtIn(name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nodes(Map<String, Object> data) {
        return (List<Map<String, Object>>) data.get("nodes");
    }

    /** The index of the first node whose op is one of {@code ops}. */
    private static int first(Map<String, Object> data, String... ops) {
        List<Map<String, Object>> n = nodes(data);
        for (int i = 0; i < n.size(); i++) if (List.of(ops).contains(n.get(i).get("op"))) return i;
        throw new AssertionError("no node " + List.of(ops));
    }

    @Slow
    @Test
    void craftedDefinitionsAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
        // Each edit changes the saved definition and returns what the refusal must name.
        List<Function<Map<String, Object>, String>> cases = List.of(
                d -> {
                    int k = first(d, "sigmoid");
                    nodes(d).get(k).put("op", "exp");                                     // an unknown operation
                    return "field 'nodes[" + k + "].op'";
                },
                d -> {
                    int k = first(d, "sigmoid");
                    nodes(d).get(k).put("a", k);                                          // itself: a cycle
                    return "field 'nodes[" + k + "].a'";
                },
                d -> {
                    int k = first(d, "mul", "add");
                    nodes(d).get(k).put("b", nodes(d).size());                            // a node after it
                    return "field 'nodes[" + k + "].b'";
                },
                d -> {
                    int k = first(d, "pre_activation");
                    nodes(d).get(k).put("name", "z");                                     // an undeclared block
                    return "field 'nodes[" + k + "].name'";
                },
                d -> {
                    List<Map<String, Object>> many = new ArrayList<>();
                    for (int i = 0; i < 1_000_000; i++) many.add(Map.of("op", "hidden"));
                    d.put("nodes", many);
                    return "field 'nodes' holds 1000000 nodes";
                },
                d -> {
                    d.put("format", 2);
                    return "field 'format'";
                },
                d -> {
                    d.remove("hidden");
                    return "field 'hidden'";
                },
                d -> {
                    d.put("states", Map.of());
                    return "field 'states'";
                },
                d -> {
                    int k = first(d, "state");
                    nodes(d).get(k).remove("name");                                       // a leaf without its name
                    return "field 'nodes[" + k + "].name'";
                },
                d -> {
                    int k = first(d, "sigmoid");
                    nodes(d).get(k).put("name", 1);                                       // a field an operation has not
                    return "field 'nodes[" + k + "]' has a field 'name', which a node 'sigmoid' does not have; its fields are [a, op]";
                },
                d -> {
                    Map<String, Object> many = new LinkedHashMap<>();
                    for (int i = 0; i < 300; i++) many.put("g" + i, 0);
                    d.put("gates", many);
                    return "field 'gates' names 300 values; at most 256";
                },
                d -> {
                    // the longest chain allowed: refused by the equations it makes, not by the stack
                    List<Map<String, Object>> chain = new ArrayList<>();
                    chain.add(new LinkedHashMap<>(Map.of("op", "pre_activation", "name", "i")));
                    for (int i = 1; i < DefinitionData.MAX_NODES; i++) chain.add(new LinkedHashMap<>(Map.of("op", "neg", "a", i - 1)));
                    d.put("nodes", chain);
                    d.put("hidden", DefinitionData.MAX_NODES - 1);
                    d.put("states", Map.of("c", 0));
                    d.put("gates", Map.of());
                    return "cell_definition";
                },
                d -> {
                    int k = first(d, "sigmoid");                                          // a product by no declared matrix
                    nodes(d).set(k, new LinkedHashMap<>(Map.of("op", "linear", "matrix", "w_x", "a", 0)));
                    return "field 'nodes[" + k + "].matrix' must be one of the declared matrices []";
                },
                d -> {
                    d.put("recurrent_blocks", List.of("i", "q"));                          // a block that is not declared
                    return "recurrentBlocks must be one or more declared blocks";
                },
                d -> {
                    d.put("state", List.of("c", "c"));                                    // a state declared twice
                    return "the name 'c' is used twice";
                },
                d -> {
                    d.put("state", 7);
                    return "field 'state'";
                },
                d -> {
                    nodes(d).get(first(d, "tanh")).put("op", "sigmoid");                  // valid, but not the saved cell
                    return "the file was changed after it was saved";
                });
        for (int k = 0; k < cases.size(); k++) {
            String[] expected = new String[1];
            Function<Map<String, Object>, String> edit = cases.get(k);
            IOException refused = crafted(dir, "case" + k, d -> expected[0] = edit.apply(d));
            assertTrue(refused.getMessage().contains("cell_definition") && refused.getMessage().contains(expected[0]),
                    expected[0] + ": " + refused.getMessage());
        }
    }
}
