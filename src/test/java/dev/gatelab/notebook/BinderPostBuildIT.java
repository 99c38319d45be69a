package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Binder runs binder/postBuild as an unprivileged user with a fresh home. This test does the same on this machine: it
 * creates a new user with an empty home directory, copies the repository's tracked files there, runs postBuild as that
 * user (Maven downloads everything into the empty ~/.m2), and has that user execute a notebook with the kernel it
 * installed. Creating the user needs root, or sudo without a password.
 */
class BinderPostBuildIT {
    private static final String USER = "gatelab-binder-test";

    @Test
    void postBuildAsAFreshUserInstallsAKernelThatRunsANotebook() throws Exception {
        Files.createDirectories(Jupyter.WORK);
        Path home = Jupyter.WORK.resolve("binder-home").toAbsolutePath();
        asRoot(List.of("bash", "-c", "userdel -r " + USER + " 2>/dev/null; rm -rf '" + home + "'; true"), 60);
        asRoot(List.of("useradd", "--create-home", "--home-dir", home.toString(), "--shell", "/bin/bash", USER), 60);
        try {
            // The repository as a clone would have it: tracked files only, owned by the user.
            asRoot(List.of("bash", "-c", "mkdir -p '" + home + "/repo' && git -C '" + Jupyter.REPO + "' ls-files -z"
                    + " | (cd '" + Jupyter.REPO + "' && xargs -0 cp --parents -t '" + home + "/repo')"
                    + " && chown -R " + USER + ": '" + home + "'"), 120);
            Jupyter.Result build = asUser("cd ~/repo && bash binder/postBuild", 900);
            Jupyter.assertSucceeded(build, "binder/postBuild as " + USER);
            assertTrue(build.output().contains("Installed the Jupyter kernel"), Jupyter.tail(build.output()));

            Jupyter.Result run = asUser("cd ~/repo/notebooks && jupyter nbconvert --to notebook --execute"
                    + " --ExecutePreprocessor.kernel_name=gatelab --output-dir ~/out 01-lstm-from-equations.ipynb", 300);
            Jupyter.assertSucceeded(run, "executing a notebook as " + USER);
            String executed = Files.readString(home.resolve("out/01-lstm-from-equations.ipynb"));
            assertFalse(executed.contains("\"output_type\": \"error\""), "the notebook shows an error");
            assertTrue(executed.contains("largest difference in h'"), "the notebook's outputs are missing");
            assertTrue(Files.exists(home.resolve(".local/share/jupyter/kernels/gatelab/kernel.json")));
        } finally {
            asRoot(List.of("bash", "-c", "userdel -r " + USER + " 2>/dev/null; rm -rf '" + home + "'; true"), 120);
        }
    }

    private static Jupyter.Result asUser(String script, int timeout) throws Exception {
        return asRoot(List.of("su", "-", USER, "-c", script), timeout);
    }

    private static Jupyter.Result asRoot(List<String> command, int timeout) throws Exception {
        List<String> full = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) full.addAll(List.of("sudo", "-n"));
        full.addAll(command);
        Jupyter.Result r = Jupyter.run(Jupyter.WORK, timeout, full, Map.of());
        if (!command.get(0).equals("su")) Jupyter.assertSucceeded(r, String.join(" ", command));
        return r;
    }
}
