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
        setDisplayId(data, id);
        kernel.display(data);
        return id;
    }

    @Override
    public void update(String id, String text, String html) {
        kernel.getIO().display.updateDisplay(id, data(text, html));
    }

    /**
     * {@code data.setDisplayId(id)}, found by name at run time: JJava 1.0-a6 declares it void and JJava's main branch
     * (1.0-SNAPSHOT) returns the DisplayData, so a call compiled against either fails with NoSuchMethodError in the
     * other. A reflective lookup ignores the return type.
     */
    static void setDisplayId(DisplayData data, String id) {
        try {
            DisplayData.class.getMethod("setDisplayId", String.class).invoke(data, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JJava's DisplayData.setDisplayId(String) could not be called", e);
        }
    }

    private static DisplayData data(String text, String html) {
        DisplayData data = new DisplayData(text);
        data.putData(MIMEType.TEXT_HTML, html);
        return data;
    }
}
