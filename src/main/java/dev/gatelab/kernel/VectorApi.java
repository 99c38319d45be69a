package dev.gatelab.kernel;

/**
 * The one place the kernels load a Vector API implementation: only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, and by name, so that the plain-Java path never links a class that needs
 * the module.
 */
final class VectorApi {
    private VectorApi() {}

    /**
     * @param simpleName a class of this package with a no-argument constructor
     * @param type what it implements
     * @param <T> that type
     * @return a new instance, or null when the module is absent or the class cannot be made here
     */
    static <T> T load(String simpleName, Class<T> type) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            return type.cast(Class.forName(VectorApi.class.getPackageName() + "." + simpleName)
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;                                    // the caller's plain-Java path
        }
    }
}
