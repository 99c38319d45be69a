package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * An option a layer does not have is a compile error, not a silent no-op: the snippets are compiled against
 * Gatelab's classes as a notebook cell would be.
 */
class BuilderOptionsCompileTest {
    private static String compile(String statement) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String source = "import dev.gatelab.nn.*;\nclass Cell {\n  void run() {\n    " + statement + "\n  }\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter errors = new StringWriter();
        String classes = Path.of(System.getProperty("basedir", "."), "target", "classes").toString();
        Path out = Path.of(System.getProperty("java.io.tmpdir"));
        boolean ok = javac.getTask(errors, null, null, List.of("-classpath", classes, "-d", out.toString(),
                "-proc:none"), null, List.of(file)).call();
        return ok ? null : errors.toString();
    }

    @Test
    void nonlinearityIsNotAnLstmOption() {
        String errors = compile("LSTM.builder(3, 4).nonlinearity(Nonlinearity.RELU).build();");
        assertTrue(errors != null && errors.contains("nonlinearity"), "must not compile: " + errors);
    }

    @Test
    void projSizeIsNotAGruOption() {
        String errors = compile("GRU.builder(3, 4).projSize(2).build();");
        assertTrue(errors != null && errors.contains("projSize"), "must not compile: " + errors);
    }

    @Test
    void eachLayerTakesItsOwnOptions() {
        assertEquals(null, compile("RNN rnn = RNN.builder(3, 4).nonlinearity(Nonlinearity.RELU).numLayers(2).build();"
                + " LSTM lstm = LSTM.builder(3, 4).batchFirst().projSize(2).dropout(0.1).build();"
                + " GRU gru = GRU.builder(3, 4).bidirectional().build();"));
    }
}
