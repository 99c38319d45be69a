package dev.gatelab.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.notebook.ijava.IJavaAdapter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list of Gatelab's runtime dependencies the build writes into the jar, from which the IJava adapter adds exactly
 * the bundle-packaged ones IJava's %maven drops: it names Guava and Tablesaw at versions, and nothing test-scoped.
 */
class IJavaBundlesTest {
    @Test
    void theBuildListsGatelabsRuntimeDependenciesWithTheirVersions() {
        List<String[]> deps = IJavaAdapter.runtimeDependencies();
        assertTrue(deps.stream().anyMatch(d -> d[0].equals("com.google.guava") && d[1].equals("guava") && d[2].matches("\\d+\\..*")),
                "Guava, which Tablesaw needs and IJava's %maven drops, with its version");
        assertTrue(deps.stream().anyMatch(d -> d[0].equals("tech.tablesaw") && d[1].equals("tablesaw-core")));
        assertTrue(deps.stream().noneMatch(d -> d[1].startsWith("junit")), "test dependencies are not listed");
    }
}
