package dev.gatelab.train;

/**
 * Where a fit reports when it is given no {@link Progress} ({@link Trainer#progress}): a provider found with
 * {@link java.util.ServiceLoader} (listed in META-INF/services under this interface's name) offers a display for the
 * environment it knows, such as the live display of a notebook kernel that Gatelab is installed in; with none, a fit
 * reports a line per epoch on the console. So the train package names no kernel, and no setting is shared between
 * fits: each fit asks afresh and gets a display of its own.
 */
public interface ProgressDisplays {
    /** @return a new display for one fit, or null when this provider's environment is not here */
    Progress newDisplay();

    /**
     * @return the first provider's display, or {@link Progress#CONSOLE}
     */
    static Progress forThisFit() {
        try {
            for (ProgressDisplays provider : java.util.ServiceLoader.load(ProgressDisplays.class, ProgressDisplays.class.getClassLoader())) {
                Progress p = provider.newDisplay();
                if (p != null) return p;
            }
        } catch (java.util.ServiceConfigurationError | LinkageError | RuntimeException broken) {
            // A display must never stop a training run: say why, and report on the console.
            System.err.println("Gatelab: no live progress display (" + broken + "); progress continues as text");
        }
        return Progress.CONSOLE;
    }
}
