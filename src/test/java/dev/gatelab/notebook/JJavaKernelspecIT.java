package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** binder/install-kernel.sh with JJAVA_JAR: the kernelspec JJava needs, with Gatelab's extension on its class path. */
class JJavaKernelspecIT {
    @Test
    void theJJavaKernelspecRunsJJavaWithGatelabOnItsClassPath(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("jjava-1.0-a6.jar"), "a stand-in for JJava's kernel jar");
        Path kernel = dir.resolve("kernels").resolve("gatelab-jjava");
        Path file = KernelInstaller.installJJava(kernel, Path.of(System.getProperty("basedir", "."), "target"), jar);
        JsonNode spec = new ObjectMapper().readTree(file.toFile());
        String argv = spec.get("argv").toString();
        assertTrue(argv.contains("\"--add-opens\",\"jdk.jshell/jdk.jshell=ALL-UNNAMED\""), argv);
        assertTrue(argv.contains(kernel.toAbsolutePath().resolve("jjava-1.0-a6.jar").toString()), argv);
        assertEquals("Java (Gatelab, JJava)", spec.get("display_name").asText());
        assertEquals(kernel.toAbsolutePath().resolve("lib") + "/*", spec.get("env").get("JJAVA_CLASSPATH").asText());
        Path gatelab;
        try (var libs = Files.list(kernel.resolve("lib"))) {
            gatelab = libs.filter(p -> p.getFileName().toString().startsWith("gatelab-")).findFirst().orElseThrow();
        }
        try (JarFile j = new JarFile(gatelab.toFile())) {
            String services = new String(j.getInputStream(j.getEntry("META-INF/services/org.dflib.jjava.jupyter.Extension"))
                    .readAllBytes());
            assertEquals("dev.gatelab.notebook.jjava.GatelabExtension", services.trim());
        }
    }
}
