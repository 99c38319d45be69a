package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Jupyter's command-line tools for the notebook tests, with the kernel of the current build. */
final class Jupyter {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final Path NOTEBOOKS = REPO.resolve("notebooks");
    static final Path WORK = REPO.resolve("target/notebook-tests");
    /** A JUPYTER_PATH of our own, so the tests use this build's kernel and not whatever the user installed. */
    static final Path JUPYTER_PATH = WORK.resolve("jupyter");

    private Jupyter() {}

    /** Installs this build's jars as the kernel, replacing what an earlier run left. */
    static synchronized void installKernel() throws IOException {
        KernelInstaller.install(JUPYTER_PATH.resolve("kernels/gatelab"), REPO.resolve("target"));
    }

    record Result(int exitCode, String output, double seconds) {}

    /** Runs a command in {@code dir}, failing the test if it runs past {@code timeoutSeconds}. */
    static Result run(Path dir, int timeoutSeconds, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", JUPYTER_PATH.toString());
        pb.environment().putAll(env);
        Path log = Files.createTempFile(WORK, "run", ".log");
        pb.redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) p.destroyForcibly().waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, String.join(" ", command) + " ran past " + timeoutSeconds + " s:\n" + tail(out));
        return new Result(p.exitValue(), out, (System.nanoTime() - start) / 1e9);
    }

    static void assertSucceeded(Result r, String what) {
        assertEquals(0, r.exitCode(), what + " failed:\n" + tail(r.output()));
    }

    static String tail(String s) {
        return s.length() > 6000 ? "…" + s.substring(s.length() - 6000) : s;
    }
}
