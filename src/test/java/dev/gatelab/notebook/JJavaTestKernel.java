package dev.gatelab.notebook;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;

/** The smallest JJava-family kernel: jjava-jupyter alone, no Jupyter, and every display kept for the test to read. */
final class JJavaTestKernel extends BaseKernel {
    final List<DisplayData> shown = new ArrayList<>();

    private JJavaTestKernel(Builder b) {
        super(b.name(), b.version(), new LanguageInfo("java", "17", "text/x-java-source", ".jshell", null, "java", null),
                List.of(), b.history(), b.io(), b.comms(), b.renderer(), new MagicParser("%", "%%", b.transpiler()),
                b.magics(), false, b.styler());
    }

    static JJavaTestKernel create() {
        return new Builder().build();
    }

    @Override
    public Object evalRaw(String expr) {
        return null;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;
    }

    @Override
    public String isComplete(String code) {
        return IS_COMPLETE_YES;
    }

    @Override
    public void display(DisplayData data) {
        shown.add(data);
    }

    String html(Object value) {
        return String.valueOf(getRenderer().render(value).getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML));
    }

    static final class Builder extends BaseKernelBuilder<Builder, JJavaTestKernel> {
        @Override
        public JJavaTestKernel build() {
            return new JJavaTestKernel(this);
        }

        String name() {
            return buildName();
        }

        String version() {
            return buildVersion();
        }

        org.dflib.jjava.jupyter.kernel.history.HistoryManager history() {
            return buildHistoryManager();
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO io() {
            return buildJupyterIO(buildJupyterIOEncoding());
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler transpiler() {
            return buildMagicTranspiler();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler styler() {
            return buildErrorStyler();
        }
    }
}
