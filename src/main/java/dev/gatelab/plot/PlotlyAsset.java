package dev.gatelab.plot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * plotly.js 2.35.3, from the org.webjars.npm:plotly.js-dist jar on the classpath.
 *
 * <p>Notebooks load it from {@code assets/plotly-2.35.3.js} beside the notebook, which the kernel set-up copies there
 * ({@link #ensureIn}). The loader finds it through the Jupyter server's /files/ route, works with require.js (the classic
 * Notebook) and without it (JupyterLab, exported HTML), and loads it once per page.
 */
public final class PlotlyAsset {
    /** The file name plotly.js has in assets/. */
    public static final String FILE = "plotly-2.35.3.js";
    private static final String RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/2.35.3/plotly.js";

    private PlotlyAsset() {}

    /**
     * The whole library, for standalone pages.
     *
     * @return plotly.js
     */
    public static String source() {
        return dev.gatelab.Resources.text(PlotlyAsset.class, RESOURCE);
    }

    /**
     * Writes the library to {@code dir} unless a whole copy is there already: what a kernel does once, at start-up,
     * so that charts find plotly.js beside the notebook without a hand copy. The write is atomic.
     *
     * @param dir the assets folder beside the notebooks
     * @return the file
     * @throws IOException when the folder cannot be written
     */
    public static Path ensureIn(Path dir) throws IOException {
        Path target = dir.resolve(FILE);
        if (Files.isRegularFile(target) && Files.size(target) == sourceLength()) return target;
        dev.gatelab.io.AtomicFiles.write(target, ch -> {
            try (InputStream in = dev.gatelab.Resources.open(PlotlyAsset.class, RESOURCE)) {
                in.transferTo(java.nio.channels.Channels.newOutputStream(ch));   // not closed: AtomicFiles closes ch
            }
        });
        return target;
    }

    private static long sourceLength() throws IOException {
        try (InputStream in = dev.gatelab.Resources.open(PlotlyAsset.class, RESOURCE)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** A script that runs {@code drawFunction} now if Plotly is loaded, else once it is, else explains in each div. */
    static String loader(String drawFunction, String divIdsJson) {
        // The drawing goes in last: it holds the caller's strings, which may hold a placeholder's name themselves.
        return Chart.resource("/dev/gatelab/plot/loader.js").replace("__FILE__", FILE).replace("__DIVS__", divIdsJson)
                .replace("__DRAW__", drawFunction);
    }

    /**
     * Copies the asset into the folder given as the first argument (used by the kernel set-up script).
     *
     * @param args the folder (notebooks/assets by default)
     * @throws IOException when it cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.out.println(ensureIn(Path.of(args.length > 0 ? args[0] : "notebooks/assets")));
    }
}
