package dev.gatelab.docs;

import dev.gatelab.Slow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DocumentationTool;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The API reference: Javadoc of every package a notebook imports, built with doclint on (every public type and
 * method documented, every parameter and return value, valid HTML and references) into target/apidocs. A warning
 * fails the build, on every JDK the tests run on. The kernel package is left out but for {@code Arena}, whose slots
 * {@code Engine.scratch} takes: its classes are the kernels behind the layers, not something a notebook calls, and
 * they need the incubating Vector API module that the javadoc tool warns about.
 */
class JavadocTest {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", "."), "src", "main", "java");
    private static final Path OUT = Path.of(System.getProperty("basedir", "."), "target", "apidocs");

    @Slow
    @Test
    void everyNotebookPackageIsDocumentedWithoutAWarning() throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.walk(SOURCES)) {
            files = all.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !SOURCES.relativize(p).startsWith(Path.of("dev", "gatelab", "kernel"))
                            || p.getFileName().toString().equals("Arena.java")).sorted().toList();
        }
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager fm = javadoc.getStandardFileManager(null, null, null)) {
            List<String> options = new ArrayList<>(List.of("-Xdoclint:all", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000", "-quiet", "-d", OUT.toString(),
                    "-classpath", Path.of(System.getProperty("basedir", "."), "target", "classes") + java.io.File.pathSeparator
                            + System.getProperty("java.class.path"),
                    "-doctitle", "Gatelab API", "-windowtitle", "Gatelab API"));
            boolean ok = javadoc.getTask(messages, fm, null, null, options, fm.getJavaFileObjectsFromPaths(files)).call();
            String text = messages.toString();
            // JDK 23's doclint added "no main description" for a comment that is only block tags; the one-line
            // "/** @return the width */" of a plain accessor says all there is, so that check alone is not applied.
            long warnings = text.lines().filter(l -> (l.contains("warning:") || l.contains("error:"))
                    && !l.endsWith("warning: no main description")).count();
            assertEquals(0, warnings, text);
            assertTrue(ok, text);
        }
        assertTrue(Files.exists(OUT.resolve("index.html")));
        assertTrue(Files.exists(OUT.resolve("dev/gatelab/nn/SequenceModel.html")));
    }
}
