package dev.gatelab.notebook.jjava;

import dev.gatelab.notebook.KernelAdapter;
import dev.gatelab.notebook.NotebookSupport;
import dev.gatelab.plot.Chart;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/** Gatelab in JJava: compiled against jjava-jupyter, loaded only when that library is present. */
public final class JJavaAdapter implements KernelAdapter {
    /** Made by {@link java.util.ServiceLoader} for {@link NotebookSupport#install()}. */
    public JJavaAdapter() {}

    @Override
    public boolean installInRunningKernel() {
        BaseKernel kernel = running();
        if (kernel == null) return false;
        install(kernel);
        return true;
    }

    /** @return the JJava kernel running in this JVM, or null */
    public static BaseKernel running() {
        try {
            return BaseKernel.notebookKernel();
        } catch (NullPointerException noneRunning) {
            return null; // JJava's way of saying that no kernel runs in this JVM
        }
    }

    /**
     * Renders charts as HTML, shows fits' live progress, and shortens error traces, in this kernel.
     *
     * @param kernel a JJava kernel
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
        NotebookSupport.installed(new JJavaOutput(kernel));
    }
}
