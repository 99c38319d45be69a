package dev.gatelab.notebook;

import dev.gatelab.ArgumentException;
import dev.gatelab.plot.PlotlyAsset;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Connects Gatelab to the Java kernel it runs in, IJava or JJava: a {@link dev.gatelab.plot.Chart} that is a cell's
 * value renders as an interactive figure, {@code Trainer.fit} shows live progress that updates in place, a bad
 * argument shows as one message and the cell's line rather than a page of Gatelab's stack
 * ({@link ArgumentException#compactTraces}), and plotly.js is written once into {@code assets/} of the kernel's
 * working folder (the notebook's), where the charts look for it (the system property {@code gatelab.assets} names
 * another folder).
 *
 * <p>JJava installs Gatelab by itself when Gatelab's jar is on its class path (an extension named in
 * META-INF/services); the Gatelab kernelspec for IJava runs {@link #install()} at start-up; in any other IJava or
 * JJava kernel, call {@code dev.gatelab.notebook.NotebookSupport.install()} once. Each kernel family's adapter
 * ({@link KernelAdapter}) is compiled against that kernel's library and used only when that library is present.
 */
public final class NotebookSupport {
    /**
     * What the Gatelab kernel imports at start-up, so that a new notebook's first cell can build a model or read a CSV:
     * every Gatelab package a notebook uses, Tablesaw's tables and aggregate functions, java.time for dates, and the
     * lambdas, streams and file paths that IJava's own start-up (java.util, java.io, …) leaves out.
     */
    public static final String IMPORTS = String.join("\n",
            "import dev.gatelab.autograd.*;", "import dev.gatelab.nn.*;", "import dev.gatelab.cell.*;",
            "import dev.gatelab.data.*;", "import dev.gatelab.train.*;", "import dev.gatelab.optim.*;",
            "import dev.gatelab.plot.*;", "import dev.gatelab.inspect.*;", "import dev.gatelab.baseline.*;",
            "import dev.gatelab.io.*;", "import dev.gatelab.export.*;", "import tech.tablesaw.api.*;",
            "import static tech.tablesaw.aggregate.AggregateFunctions.*;", "import java.time.*;",
            "import java.util.function.*;", "import java.util.stream.*;", "import java.nio.file.*;");

    /** The output of the kernel this JVM runs, once Gatelab is installed in it: this JVM's one kernel, set by it. */
    private static volatile NotebookOutput kernelOutput;

    private NotebookSupport() {}

    /** @return where the kernel Gatelab is installed in shows output, or null before an install */
    static NotebookOutput installedOutput() {
        return kernelOutput;
    }

    /**
     * Installs Gatelab in the IJava or JJava kernel running in this JVM: each {@link KernelAdapter} is asked in turn,
     * JJava's first; one whose kernel library is absent from the class path is skipped.
     *
     * @throws IllegalStateException when neither is running here
     */
    public static void install() {
        java.util.Iterator<KernelAdapter> adapters =
                java.util.ServiceLoader.load(KernelAdapter.class, NotebookSupport.class.getClassLoader()).iterator();
        for (int listed = 0; listed < 16; listed++) {      // bounded: a loader that fails should not spin forever
            try {
                if (!adapters.hasNext()) break;
                if (adapters.next().installInRunningKernel()) return;
            } catch (java.util.ServiceConfigurationError | NoClassDefFoundError libraryAbsent) {
                // this family's kernel library is not on the class path, so its kernel cannot be running; any other
                // error (a library present but of another version) is the user's to see
            }
        }
        throw new IllegalStateException("NotebookSupport.install(): no IJava or JJava kernel is running in this JVM");
    }

    /**
     * What an adapter calls once it has registered the chart renderer: live progress for the fits that follow, short
     * traces, plotly.js.
     *
     * @param output where the kernel shows a fit's progress
     */
    public static void installed(NotebookOutput output) {
        kernelOutput = output;
        ArgumentException.compactTraces(true);
        Path assets = Path.of("").toAbsolutePath().resolve(System.getProperty("gatelab.assets", "assets"));
        try {
            PlotlyAsset.ensureIn(assets);
        } catch (IOException | RuntimeException e) {
            // The charts will say on the page that plotly.js was not found, and where they looked.
            System.err.println("Gatelab: could not write plotly.js to " + assets + ": " + e.getMessage());
        }
    }
}
