package dev.gatelab.notebook;

import dev.gatelab.train.Progress;
import dev.gatelab.train.ProgressDisplays;

/** A fit's live display in the kernel that Gatelab was installed in ({@link NotebookSupport#install()}), if any. */
public final class KernelProgress implements ProgressDisplays {
    /** Made by {@link java.util.ServiceLoader} for a fit without a display of its own. */
    public KernelProgress() {}

    @Override
    public Progress newDisplay() {
        NotebookOutput output = NotebookSupport.installedOutput();
        return output == null ? null : new LiveProgress(output);
    }
}
