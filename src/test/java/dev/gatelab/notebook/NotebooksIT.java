package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.plot.PlotlyAsset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Executes every notebook top to bottom in Jupyter with this build's kernel (nbconvert --execute), as a reader would,
 * and checks what they show: no errors, their figures, the adding problem's result, and charts that draw in an
 * exported page opened in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXECUTED = Jupyter.WORK.resolve("executed");
    private static final int LIMIT_SECONDS = 180;

    @BeforeAll
    static void kernel() throws Exception {
        Files.createDirectories(EXECUTED);
        Jupyter.installKernel();
    }

    static List<Path> notebooks() throws Exception {
        try (Stream<Path> s = Files.list(Jupyter.NOTEBOOKS)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void everyNotebookRunsWithoutErrorWithinThreeMinutesAndShowsItsFigures() throws Exception {
        List<Path> all = notebooks();
        assertEquals(5, all.size(), "notebooks: " + all);
        for (Path nb : all) {
            Jupyter.Result r = Jupyter.run(Jupyter.NOTEBOOKS, LIMIT_SECONDS, List.of("jupyter", "nbconvert", "--to", "notebook",
                    "--execute", "--ExecutePreprocessor.timeout=" + LIMIT_SECONDS, "--ExecutePreprocessor.kernel_name=gatelab",
                    "--output-dir", EXECUTED.toString(), nb.getFileName().toString()), Map.of());
            Jupyter.assertSucceeded(r, "executing " + nb.getFileName());
            System.out.printf("%s executed in %.1f s%n", nb.getFileName(), r.seconds());

            Path out = EXECUTED.resolve(nb.getFileName());
            JsonNode doc = JSON.readTree(out.toFile());
            int charts = 0;
            for (JsonNode cell : doc.get("cells")) {
                for (JsonNode o : cell.path("outputs")) {
                    assertFalse(o.path("output_type").asText().equals("error"), nb + ": error output " + o);
                    if (text(o.path("data").path("text/html")).contains("class=\"gatelab-chart\"")) charts++;
                }
            }
            assertTrue(charts >= 2, nb.getFileName() + " should show its figures, found " + charts);
            // plotly.js is loaded from notebooks/assets, not copied into outputs: the saved notebook stays small.
            assertTrue(Files.size(out) < 2_000_000, nb.getFileName() + " executed is " + Files.size(out) + " bytes");
        }
    }

    @Test
    @Order(2)
    void addingProblemShowsTheRnnStuckAtTheBaselineAndTheGatedNetworksBelowIt() throws Exception {
        String printed = stdout(EXECUTED.resolve("02-vanishing-gradients.ipynb"));
        double baseline = number(printed, "baseline \\(always answer 1\\): ([0-9.]+)");
        double rnnBest = number(printed, "RNN  validation MSE: best ([0-9.]+)");
        double lstm = number(printed, "LSTM validation MSE: best [0-9.]+, final ([0-9.]+)");
        double gru = number(printed, "GRU  validation MSE: best [0-9.]+, final ([0-9.]+)");
        assertEquals(0.167, baseline, 0.001);
        // Stuck: not one epoch of the RNN gets meaningfully below always answering the mean.
        assertTrue(rnnBest > 0.85 * baseline, "the RNN should never get well below the baseline: best " + rnnBest);
        assertTrue(lstm < baseline / 5, "the LSTM should end well below the baseline: " + lstm);
        assertTrue(gru < baseline / 5, "the GRU should end well below the baseline: " + gru);
    }

    @Test
    @Order(3)
    void anExportedNotebookDrawsItsChartsInHeadlessChromium() throws Exception {
        Path export = Jupyter.WORK.resolve("exported");
        Files.createDirectories(export);
        PlotlyAsset.copyTo(export.resolve("assets"));
        Path executed = EXECUTED.resolve("02-vanishing-gradients.ipynb");
        Jupyter.assertSucceeded(Jupyter.run(Jupyter.WORK, 120, List.of("jupyter", "nbconvert", "--to", "html",
                "--output-dir", export.toString(), executed.toString()), Map.of()), "exporting to HTML");
        Path html = export.resolve("02-vanishing-gradients.html");
        String page = Files.readString(html);
        int divs = count(page, "class=\"gatelab-chart\"");
        assertTrue(divs >= 5, "the page should hold the notebook's charts, found " + divs);

        Jupyter.Result r = Jupyter.run(Jupyter.WORK, 120, List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(Jupyter.WORK, "chromium"),
                "--virtual-time-budget=30000", "--dump-dom", html.toUri().toString()), Map.of());
        Jupyter.assertSucceeded(r, "chromium");
        // Plotly draws each figure into an SVG of class main-svg (two per plot: the plot and its overlay).
        int drawn = count(r.output(), "class=\"main-svg\"") / 2;
        assertTrue(drawn >= divs, "Chromium drew " + drawn + " of " + divs + " charts");
    }

    @Test
    @Order(4)
    void theClassicNotebookDrawsTheChartsOfASavedNotebook() throws Exception {
        // The classic Notebook has require.js, so this is the loader's other path. Outputs of a saved notebook run
        // only when it is trusted, as after the reader executes it; here we sign it as Jupyter would.
        Path live = Jupyter.WORK.resolve("live");
        Path dir = live.resolve("notebooks");
        Files.createDirectories(dir);
        PlotlyAsset.copyTo(dir.resolve("assets"));
        Path nb = dir.resolve("02-vanishing-gradients.ipynb");
        Files.copy(EXECUTED.resolve(nb.getFileName()), nb, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String python = Files.readAllLines(Path.of(Jupyter.run(Jupyter.WORK, 30, List.of("bash", "-c", "command -v jupyter"),
                Map.of()).output().trim())).get(0).substring(2).trim();
        Jupyter.assertSucceeded(Jupyter.run(Jupyter.WORK, 60, List.of(python, "-c", "import nbformat, sys\n"
                + "from nbformat.sign import NotebookNotary\n"
                + "nb = nbformat.read(sys.argv[1], 4); NotebookNotary().sign(nb); nbformat.write(nb, sys.argv[1])",
                nb.toString()), Map.of()), "signing the notebook");

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> server = new ArrayList<>(List.of("jupyter", "notebook", "--no-browser", "--ip=127.0.0.1",
                "--port=" + port, "--NotebookApp.token=", "--notebook-dir=" + live));
        if ("root".equals(System.getProperty("user.name"))) server.add("--allow-root");
        Process jupyter = new ProcessBuilder(server).redirectErrorStream(true)
                .redirectOutput(Jupyter.WORK.resolve("live-server.log").toFile()).start();
        try {
            waitForPort(port, 60);
            int charts = count(Files.readString(nb), "class=\\\"gatelab-chart\\\"");
            Jupyter.Result r = Jupyter.run(Jupyter.WORK, 120, List.of("chromium", "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Files.createTempDirectory(Jupyter.WORK, "chromium"), "--virtual-time-budget=30000",
                    "--dump-dom", "http://127.0.0.1:" + port + "/notebooks/notebooks/" + nb.getFileName()), Map.of());
            Jupyter.assertSucceeded(r, "chromium");
            int drawn = count(r.output(), "class=\"main-svg\"") / 2;
            assertTrue(charts >= 5 && drawn >= charts, "the classic Notebook drew " + drawn + " of " + charts + " charts");
        } finally {
            jupyter.destroy();
            jupyter.waitFor();
        }
    }

    @Test
    @Order(5)
    void anErrorInACellIsOneReadableMessageAndTheNextCellStillRuns() throws Exception {
        Path nb = Jupyter.WORK.resolve("error.ipynb");
        var doc = JSON.createObjectNode();
        doc.put("nbformat", 4).put("nbformat_minor", 5);
        doc.putObject("metadata").putObject("kernelspec").put("name", "gatelab").put("display_name", "Java (Gatelab)")
                .put("language", "java");
        var cells = doc.putArray("cells");
        for (String source : new String[] {
            "import dev.gatelab.autograd.*;\nimport dev.gatelab.nn.*;\nLSTM lstm = LSTM.builder(3, 4).build();",
            "lstm.forward(Tensor.zeros(5, 2, 7))",
            "lstm.forward(Tensor.zeros(5, 2, 3)).output().dim(2)"}) {
            var cell = cells.addObject();
            cell.put("cell_type", "code").put("source", source).put("execution_count", (String) null);
            cell.putObject("metadata");
            cell.putArray("outputs");
        }
        JSON.writeValue(nb.toFile(), doc);
        Jupyter.assertSucceeded(Jupyter.run(Jupyter.WORK, 120, List.of("jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--allow-errors", "--output", "error.out.ipynb", nb.toString()), Map.of()), "the error notebook");
        JsonNode out = JSON.readTree(Jupyter.WORK.resolve("error.out.ipynb").toFile()).get("cells");
        JsonNode error = out.get(1).get("outputs").get(0);
        assertEquals("error", error.get("output_type").asText());
        String traceback = text(error.get("traceback")).replaceAll("\u001B\\[[0-9;]*m", "");
        assertTrue(traceback.contains("LSTM(3, 4): argument 'input' must have input_size=3"), traceback);
        assertFalse(traceback.contains("dev.gatelab.nn."), "no page of library frames:\n" + traceback);
        assertTrue(traceback.split("\n").length <= 4, traceback);
        assertEquals("4", text(out.get(2).get("outputs").get(0).get("data").get("text/plain")));
    }

    static void waitForPort(int port, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("Jupyter did not listen on port " + port + " within " + seconds + " s");
    }

    static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(n -> sb.append(n.asText()));
            return sb.toString();
        }
        return node.asText("");
    }

    static String stdout(Path notebook) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (JsonNode cell : JSON.readTree(notebook.toFile()).get("cells")) {
            for (JsonNode o : cell.path("outputs")) if (o.path("name").asText().equals("stdout")) sb.append(text(o.get("text")));
        }
        return sb.toString();
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no line matching " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
