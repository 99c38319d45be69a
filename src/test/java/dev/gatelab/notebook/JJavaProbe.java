package dev.gatelab.notebook;

import dev.gatelab.plot.SeriesChart;
import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/** A JJava kernel that installs Gatelab as JJava does: through the extensions on its class path. */
public final class JJavaProbe {
    private JJavaProbe() {}

    /** @return the chart's HTML and the fit's displays */
    public static String run() {
        JJavaTestKernel kernel = JJavaTestKernel.create();
        for (Extension e : ServiceLoader.load(Extension.class, JJavaProbe.class.getClassLoader())) e.install(kernel);
        StringBuilder out = new StringBuilder(kernel.html(SeriesChart.of("a", new double[] {1, 2, 3}))).append('\n');
        AdapterProbe.fit();
        kernel.shown.forEach(d -> out.append("display ").append(d.getData(MIMEType.TEXT_PLAIN)).append('\n'));
        return out.toString();
    }
}
