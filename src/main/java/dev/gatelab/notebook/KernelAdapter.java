package dev.gatelab.notebook;

/**
 * One kernel family's connection to Gatelab (IJava, JJava), compiled against that family's library. Adapters are
 * found with {@link java.util.ServiceLoader} (listed in META-INF/services under this interface's name), so this
 * package names none of them: each adapter depends on this package, never the other way round, and an adapter whose
 * library is absent is skipped.
 */
public interface KernelAdapter {
    /**
     * Installs Gatelab in this family's kernel if one runs in this JVM.
     *
     * @return whether one ran here and now has Gatelab installed
     */
    boolean installInRunningKernel();
}
