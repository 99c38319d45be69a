package dev.gatelab.io;

import static dev.gatelab.Fixtures.assertClose;
import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatelab.Fixtures;
import dev.gatelab.Slow;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.RecurrentOutput;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.train.History;
import dev.gatelab.train.Progress;
import dev.gatelab.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: PyTorch round trips, the optimizer and History along, every kind of bad file, and atomic saves. */
class SafetensorsTest {
    @TempDir
    Path dir;

    Path fixture(String name) throws IOException {
        Path p = Files.createTempFile(dir, "fixture", ".safetensors");
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @Test
    void aModelSavedByPyTorchLoadsRunsAndResavesToTheSameBytes() throws Exception {
        Path torchFile = fixture("torch_lstm.safetensors");
        Recurrent lstm = ModelIO.load(torchFile, Recurrent.class).model();
        JsonNode fx = Fixtures.load("torch_lstm");
        RecurrentOutput out = lstm.forward(Fixtures.tensor(fx.get("input"), DType.FLOAT32));
        assertClose(Fixtures.values(fx.get("output")), out.output(), 1e-5, "output");
        assertClose(Fixtures.values(fx.get("h_n")), out.hN(), 1e-5, "h_n");
        assertClose(Fixtures.values(fx.get("c_n")), out.cN(), 1e-5, "c_n");

        // Its gates can be traced like any Gatelab model's.
        GateTrace trace = lstm.trace(Fixtures.tensor(fx.get("input"), DType.FLOAT32));
        assertEquals(6, trace.gate(1, Direction.REVERSE, "f", 1).dim(0));

        Path again = dir.resolve("again.safetensors");
        ModelIO.save(again, lstm);
        assertArrayEquals(Files.readAllBytes(torchFile), Files.readAllBytes(again), "the same bytes as torch's file");
    }

    @Test
    void aModelSavedByGatelabLoadsIntoPyTorchWithTheSameOutputs() throws Exception {
        Path saved = dir.resolve(GatelabFixture.FILE);
        ModelIO.save(saved, GatelabFixture.model());
        assertArrayEquals(Files.readAllBytes(fixture(GatelabFixture.FILE)), Files.readAllBytes(saved),
                "saving is deterministic: the committed file that make_fixtures.py loaded into torch.nn.GRU");
        JsonNode torch = Fixtures.load("gatelab_gru_in_torch");
        Recurrent gru = ModelIO.load(saved, Recurrent.class).model();
        RecurrentOutput out = gru.forward(Fixtures.tensor(torch.get("input"), DType.FLOAT64));
        assertClose(Fixtures.values(torch.get("output")), out.output(), 1e-10, "torch's output on Gatelab's weights");
        assertClose(Fixtures.values(torch.get("h_n")), out.hN(), 1e-10, "torch's h_n on Gatelab's weights");
    }

    @Test
    void optimizerStateAndHistoryTravelWithTheModel() throws Exception {
        SequenceDataset data = Tasks.noisySine(32, 6, 0.1, new Rng(1));
        Rng.manualSeed(3);
        SequenceModel model = SequenceModel.lastStep(LSTM.builder(1, 4).batchFirst().build(), 1);
        Adam adam = new Adam(model.parameters(), 0.01);
        History h = Trainer.of(model).loss(Losses.mse()).optimizer(adam).epochs(2).batchSize(8)
                .progress(Progress.SILENT).fit(data);
        Path file = dir.resolve("run.safetensors");
        ModelIO.save(file, model, adam, h);

        ModelIO.Saved<SequenceModel> saved = ModelIO.load(file, SequenceModel.class);
        SequenceModel back = saved.model();
        assertEquals(model.toString(), back.toString());
        model.namedParameters().forEach((k, v) -> assertArrayEquals(v.toArray(), back.namedParameters().get(k).toArray(), k));
        var sgd = new dev.gatelab.optim.SGD(back.parameters(), 0.1);
        assertRefuses(dev.gatelab.ArgumentException.class,
                () -> saved.restore(sgd), "holds the state of Adam, not of the SGD given");
        Adam resumed = new Adam(back.parameters(), 0.5);
        saved.restore(resumed);
        assertEquals(0.01, resumed.lr());
        assertArrayEquals(adam.stepCounts(), resumed.stepCounts());
        adam.stateTensors().forEach((k, v) -> assertArrayEquals(v.toArray(), resumed.stateTensors().get(k).toArray(), k));
        assertNotNull(saved.history());
        assertArrayEquals(h.doubleColumn("train_loss").asDoubleArray(),
                saved.history().numberColumn("train_loss").asDoubleArray());
    }

    // ------------------------------------------------------------------------------------------------ bad files

    private Path good() throws IOException {
        Path p = dir.resolve("good.safetensors");
        Safetensors.save(p, Map.of("w", Tensor.of(DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6}, 2, 3)), null);
        return p;
    }

    private static String headerOf(byte[] file) {
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, n, StandardCharsets.UTF_8);
    }

    /** The file with its header text replaced (padded to the same length, so the data stays where it was). */
    private Path withHeader(String header) throws IOException {
        byte[] file = Files.readAllBytes(good());
        String old = headerOf(file);
        assertTrue(header.length() <= old.length(), "test header must not grow");
        byte[] h = String.format("%-" + old.length() + "s", header).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, file, 8, h.length);
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, file);
        return p;
    }

    private static void assertRejected(Path file, String... parts) {
        assertRefuses(IOException.class, () -> Safetensors.load(file), parts);
    }

    @Test
    void truncatedFiles() throws Exception {
        byte[] file = Files.readAllBytes(good());
        Path p = dir.resolve("cut.safetensors");
        Files.write(p, java.util.Arrays.copyOf(file, file.length - 5));
        assertRejected(p, "tensor 'w'", "data_offsets [0, 24]", "truncated");
        Files.write(p, java.util.Arrays.copyOf(file, 5));
        assertRejected(p, "5 bytes", "too short");
        Files.write(p, java.util.Arrays.copyOf(file, 20));
        assertRejected(p, "header length", "does not fit");
    }

    @Test
    void corruptedOrLyingHeaders() throws Exception {
        assertRejected(withHeader("{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_off"), "not valid JSON");
        assertRejected(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,4000]}}"),
                "tensor 'w'", "[0, 4000]", "outside the 24 data bytes");
        assertRejected(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[3,3],\"data_offsets\":[0,24]}}"),
                "tensor 'w'", "[3,3]", "needs 36 bytes", "give 24");
        assertRejected(withHeader("{\"w\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]}}"),
                "tensor 'w'", "dtype 'I64'", "F32 or F64");
        assertRejected(withHeader("[1,2,3]"), "not a JSON object");
        // A byte that is not UTF-8 inside a name: refused, not read as U+FFFD.
        byte[] file = Files.readAllBytes(good());
        String header = headerOf(file);
        int at = 8 + header.indexOf("\"") + 1;               // the first character of the first name
        file[at] = (byte) 0xFF;
        Path bad = dir.resolve("utf8.safetensors");
        Files.write(bad, file);
        assertRejected(bad, "not valid UTF-8");
    }

    @Test
    void missingExtraMisshapenOrMistypedParameters() throws Exception {
        LSTM lstm = LSTM.builder(2, 3).build();
        Path p = dir.resolve("lstm.safetensors");
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(lstm.namedParameters());

        state.remove("bias_hh_l0");
        Safetensors.save(p, state, null);
        assertRefuses(IOException.class, () -> ModelIO.loadWeights(p, lstm), "'bias_hh_l0'", "missing");

        state.put("bias_hh_l0", lstm.namedParameters().get("bias_hh_l0"));
        state.put("weight_hr_l0", Tensor.zeros(1, 3));
        Safetensors.save(p, state, null);
        assertRefuses(IOException.class, () -> ModelIO.loadWeights(p, lstm), "unexpected parameter 'weight_hr_l0'");

        state.remove("weight_hr_l0");
        state.put("weight_hh_l0", Tensor.zeros(12, 4));
        Safetensors.save(p, state, null);
        assertRefuses(IOException.class,
                () -> ModelIO.loadWeights(p, lstm), "'weight_hh_l0' expected shape [12, 3], got [12, 4]");

        state.put("weight_hh_l0", Tensor.zeros(DType.FLOAT64, 12, 3));
        Safetensors.save(p, state, null);
        assertRefuses(IOException.class,
                () -> ModelIO.loadWeights(p, lstm), "'weight_hh_l0' expected dtype FLOAT32, got FLOAT64");
    }

    // ------------------------------------------------------------------------------------------------ crashes

    @Slow
    @Test
    void aJvmKilledWhileSavingAlwaysLeavesAWholeCheckpoint() throws Exception {
        Path file = dir.resolve("crash.safetensors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Rng rng = new Rng(42);
        int lastSeen = 0;
        for (int round = 0; round < 12; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(),
                    file.toString()).redirectErrorStream(true).start();
            // Wait for a first complete checkpoint, then kill at a random moment while saves are running.
            String line = new String(p.getInputStream().readNBytes("first checkpoint written".length()), StandardCharsets.UTF_8);
            assertEquals("first checkpoint written", line);
            Thread.sleep(20 + rng.nextInt(400));
            p.destroyForcibly().waitFor();

            Safetensors.Contents c = Safetensors.load(file);
            int k = Integer.parseInt(c.metadata().get("step"));
            assertTrue(k >= 1);
            assertEquals(k, c.tensors().get("weight").get(256 * 1024 - 1), "the data is the checkpoint the header names");
            assertEquals(k, c.tensors().get("bias").get(6));
            lastSeen = k;
        }
        assertTrue(lastSeen > 0);
        // Issue 11.10: each new save of the target removes what the killed ones left, so nothing piles up.
        try (var files = Files.list(dir)) {
            long temporaries = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
            assertTrue(temporaries <= 1, "at most the last kill's temporary file is left: " + temporaries);
        }
        Safetensors.save(file, Safetensors.load(file).tensors(), Map.of("step", "final"));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
        }
    }
}
