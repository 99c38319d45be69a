package dev.gatelab.notebook.jjava;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * JJava finds this through META-INF/services/org.dflib.jjava.jupyter.Extension when Gatelab's jar is on its class
 * path, and installs Gatelab with no set-up cell.
 */
public final class GatelabExtension implements Extension {
    /** Made by JJava's service loader. */
    public GatelabExtension() {}

    @Override
    public void install(BaseKernel kernel) {
        JJavaAdapter.install(kernel);
    }
}
