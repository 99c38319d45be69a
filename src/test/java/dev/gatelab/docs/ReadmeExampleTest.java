package dev.gatelab.docs;

import dev.gatelab.Slow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples compile against this build, with the imports the Gatelab kernel makes at start-up; the
 * one that reads a CSV ("Your own data") also runs, from the repository's root, and prints its errors.
 */
class ReadmeExampleTest {
    @Slow
    @Test
    void theReadmesExamplesCompileAndTheOwnDataOneRuns() throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."));
        Matcher m = Pattern.compile("(?s)```java\\n(.*?)```").matcher(Files.readString(base.resolve("README.md")));
        int examples = 0, ran = 0;
        while (m.find()) {
            Path classes = compile(base, m.group(1));
            examples++;
            if (m.group(1).contains("Table.read().csv(")) {
                String out = run(base, classes);
                Matcher printed = Pattern.compile("validation MAE at the best epoch [0-9.]+; test MAE: GRU ([0-9.]+), last value ([0-9.]+) points")
                        .matcher(out);
                assertTrue(printed.find(), out);
                double gru = Double.parseDouble(printed.group(1)), last = Double.parseDouble(printed.group(2));
                // What the README says of it: the last value wins, near 0.25 points against near 0.30.
                assertTrue(last < gru, out);
                assertEquals(0.25, last, 0.01, out);
                assertEquals(0.30, gru, 0.03, out);
                ran++;
            }
        }
        assertTrue(examples >= 4, "the README has its java examples: the front page's, the cells' and your own data's");
        assertEquals(1, ran, "the own-data example ran");
    }

    /** Runs the compiled cell, with its class path, and returns what it printed. */
    private static String run(Path base, Path classes) throws Exception {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            Class<?> cell = loader.loadClass("Cell");
            var instance = cell.getDeclaredConstructor().newInstance();
            var method = cell.getDeclaredMethod("run");
            method.setAccessible(true);
            method.invoke(instance);
        } finally {
            System.setOut(original);
        }
        return printed.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Path compile(Path base, String example) throws Exception {
        // A line that is a cell's value (an expression with no semicolon, not continued on the next line) is what
        // the notebook would show: here it is passed to show(), so it must still compile as an expression.
        List<String> lines = example.lines().map(l -> l.replaceAll("\\s*//.*$", "")).toList();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i), next = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
            String t = line.trim();
            boolean value = !t.isEmpty() && !t.endsWith(";") && !t.endsWith("{") && !t.endsWith(",") && !t.endsWith("(")
                    && !t.startsWith(".") && !t.startsWith("}")
                    && !next.startsWith(".");
            cell.append(value ? "show(" + line.trim() + ");" : line).append('\n');
        }
        String source = dev.gatelab.notebook.NotebookSupport.IMPORTS + "\nimport java.util.*;\n"
                + "public class Cell {\n  void show(Object value) {}\n  void run() throws Exception {\n" + cell + "  }\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        String classpath = base.resolve("target/classes") + java.io.File.pathSeparator
                + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = Files.createTempDirectory("readme-cell");
        boolean ok = javac.getTask(errors, null, null, List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"),
                null, List.of(file)).call();
        assertTrue(ok, source + "\n" + errors);
        return out;
    }
}
