package dev.gatelab.notebook.jjava;

import dev.gatelab.notebook.NotebookOutput;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/** Outputs through JJava's kernel (org.dflib.jjava's Jupyter library). */
final class JJavaOutput implements NotebookOutput {
    private final BaseKernel kernel;

    JJavaOutput(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String show(String text, String html) {
        String id = UUID.randomUUID().toString();
        DisplayData data = data(text, html);
        data.setDisplayId(id);
        kernel.display(data);
        return id;
    }

    @Override
    public void update(String id, String text, String html) {
        kernel.getIO().display.updateDisplay(id, data(text, html));
    }

    private static DisplayData data(String text, String html) {
        DisplayData data = new DisplayData(text);
        data.putData(MIMEType.TEXT_HTML, html);
        return data;
    }
}
