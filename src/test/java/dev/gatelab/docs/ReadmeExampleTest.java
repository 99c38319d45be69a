package dev.gatelab.docs;

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

/** The README's first Java example compiles against this build, with the imports every notebook starts with. */
class ReadmeExampleTest {
    @Test
    void theReadmesExamplesCompile() throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."));
        Matcher m = Pattern.compile("(?s)```java\\n(.*?)```").matcher(Files.readString(base.resolve("README.md")));
        int examples = 0;
        while (m.find()) {
            compile(base, m.group(1));
            examples++;
        }
        assertTrue(examples >= 3, "the README has its java examples: the front page's and the cells'");
    }

    private static void compile(Path base, String example) throws Exception {
        // A line that is a cell's value (an expression with no semicolon, not continued on the next line) is what
        // the notebook would show: here it is passed to show(), so it must still compile as an expression.
        List<String> lines = example.lines().map(l -> l.replaceAll("\\s*//.*$", "")).toList();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i), next = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
            String t = line.trim();
            boolean value = !t.isEmpty() && !t.endsWith(";") && !t.endsWith("{") && !t.startsWith(".") && !t.startsWith("}")
                    && !next.startsWith(".");
            cell.append(value ? "show(" + line.trim() + ");" : line).append('\n');
        }
        String source = "import dev.gatelab.autograd.*;\nimport dev.gatelab.nn.*;\nimport dev.gatelab.data.*;\n"
                + "import dev.gatelab.cell.*;\nimport dev.gatelab.inspect.*;\n"
                + "import dev.gatelab.train.*;\nimport dev.gatelab.optim.*;\nimport dev.gatelab.plot.*;\n"
                + "class Cell {\n  void show(Object value) {}\n  void run() {\n" + cell + "  }\n}\n";
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
        boolean ok = javac.getTask(errors, null, null, List.of("-classpath", classpath, "-d",
                System.getProperty("java.io.tmpdir"), "-proc:none"), null, List.of(file)).call();
        assertTrue(ok, source + "\n" + errors);
    }
}
