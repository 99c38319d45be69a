package dev.gatelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** Reads the PyTorch fixtures written by src/test/python/make_fixtures.py, and compares against them. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            if (in == null) throw new IllegalStateException("fixture " + name + " is missing; run make_fixtures.py");
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every case of the fixtures as its own test: {@code @MethodSource} over this gives each case a name (the fixture,
     * its index and {@code label}) and runs the rest when one fails.
     *
     * @param label what names a case, from its JSON (the optimizer and options, the loss and reduction)
     * @param fixtures the fixtures' names
     * @return one (case, the fixture's dtype, or FLOAT64 where it names none) pair per case
     */
    public static Stream<org.junit.jupiter.params.provider.Arguments> cases(java.util.function.Function<JsonNode, String> label,
            String... fixtures) {
        return Stream.of(fixtures).flatMap(name -> {
            JsonNode fx = load(name);
            java.util.List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
            int k = 0;
            for (JsonNode c : fx.get("cases")) {
                out.add(org.junit.jupiter.params.provider.Arguments.of(
                        org.junit.jupiter.api.Named.of(name + " case " + k++ + " " + label.apply(c), c),
                        fx.has("dtype") ? dtype(fx) : DType.FLOAT64));
            }
            return out.stream();
        });
    }

    /** Names of the fixtures that start with {@code prefix}, for parameterised tests. */
    public static Stream<String> named(String prefix) {
        try (Stream<Path> files = Files.list(Path.of(Fixtures.class.getResource("/fixtures").toURI()))) {
            return files.map(p -> p.getFileName().toString().replace(".json", ""))
                    .filter(n -> n.startsWith(prefix)).sorted().toList().stream();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DType dtype(JsonNode fixture) {
        return fixture.get("dtype").asText().equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The tolerance the parity tests promise: float64 to 1e-10, float32 to 1e-5. */
    public static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
    }

    public static double[] values(JsonNode node) {
        JsonNode data = node.has("data") ? node.get("data") : node;
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) out[i] = data.get(i).asDouble();
        return out;
    }

    public static int[] shape(JsonNode tensorNode) {
        JsonNode s = tensorNode.get("shape");
        int[] out = new int[s.size()];
        for (int i = 0; i < out.length; i++) out[i] = s.get(i).asInt();
        return out;
    }

    public static Tensor tensor(JsonNode tensorNode, DType dtype) {
        return Tensor.of(dtype, values(tensorNode), shape(tensorNode));
    }

    public static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) out[i] = node.get(i).asInt();
        return out;
    }

    /** |actual − expected| ≤ tol · max(1, |expected|) element by element: relative for large values, absolute near 0. */
    public static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        if (actual == null) fail(what + ": no value (expected " + expected.length + " elements)");
        assertEquals(expected.length, actual.size(), what + ": element count");
        assertClose(expected, actual.toArray(), tol, what);
    }

    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
            if (!(err <= tol)) {
                fail(String.format("%s: element %d is %.17g, PyTorch has %.17g (error %.3g > %.1g)%nactual   %s%nexpected %s",
                        what, i, actual[i], expected[i], err, tol, Arrays.toString(actual), Arrays.toString(expected)));
            }
        }
    }
}
