package dev.gatelab.io;

import static dev.gatelab.Refusals.assertRefuses;
import dev.gatelab.Slow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Rng;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.train.History;
import dev.gatelab.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints edited by hand or by an attacker (issue 11, items 3 and 4): every claim of the metadata is checked
 * against the tensors before anything is built, and every malformed field gives an IOException that names it.
 */
class CraftedCheckpointTest {
    @TempDir
    static Path dir;
    static Path good;

    @BeforeAll
    static void save() throws IOException {
        SequenceDataset data = Tasks.noisySine(32, 6, 0.05, new Rng(1));
        Rng.manualSeed(2);
        SequenceModel model = SequenceModel.lastStep(LSTM.builder(1, 8).numLayers(2).batchFirst().build(), 1);
        Adam adam = new Adam(model.parameters(), 0.01);
        History h = Trainer.of(model).loss(Losses.mse()).optimizer(adam).epochs(2).batchSize(16).quiet().fit(data);
        good = dir.resolve("good.safetensors");
        ModelIO.save(good, model, adam, h);
    }

    /** The good file with one metadata field rewritten. */
    static Path edited(String name, String field, UnaryOperator<String> edit) throws IOException {
        Safetensors.Contents c = Safetensors.load(good);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put(field, edit.apply(meta.get(field)));
        Path p = dir.resolve(name + ".safetensors");
        Safetensors.save(p, c.tensors(), meta);
        return p;
    }

    static void refused(Path file, String... words) {
        long start = System.nanoTime();
        assertRefuses(IOException.class, () -> ModelIO.load(file, SequenceModel.class), words);
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused in well under a second");
    }

    @Test
    void sizesTheTensorsDoNotBackAreRefusedBeforeAnythingIsAllocated() throws IOException {
        refused(edited("wide", "gatelab.config", c -> c.replace("\"hidden_size\":8", "\"hidden_size\":12000")),
                "hidden_size 12000", "weight_ih_l0");
        refused(edited("deep", "gatelab.config", c -> c.replace("\"num_layers\":2", "\"num_layers\":2000000")),
                "num_layers", "2000000");
        refused(edited("huge", "gatelab.config", c -> c.replace("\"hidden_size\":8", "\"hidden_size\":2000000000")),
                "hidden_size");
        assertEquals(8, ModelIO.load(good, SequenceModel.class).model().recurrent().hiddenSize());
    }

    @Test
    void everyMalformedFieldIsAnIOExceptionThatNamesIt() throws IOException {
        refused(edited("string", "gatelab.config", c -> c.replace("\"input_size\":1", "\"input_size\":\"1\"")), "input_size");
        refused(edited("bias", "gatelab.config", c -> c.replace("\"bias\":true", "\"bias\":\"yes\"")), "bias");
        refused(edited("missing", "gatelab.config", c -> c.replace("\"hidden_size\":8,", "")), "hidden_size");
        refused(edited("kind", "gatelab.config", c -> c.replace("\"LSTM\"", "\"TCN\"")), "kind");
        refused(edited("json", "gatelab.config", c -> c.substring(0, c.length() / 2)), "gatelab.config");
        refused(edited("null", "gatelab.config", c -> "null"), "gatelab.config", "null");
        refused(edited("lr", "gatelab.optimizer.lr", v -> "abc"), "gatelab.optimizer.lr");
        refused(edited("lrnan", "gatelab.optimizer.lr", v -> "NaN"), "gatelab.optimizer.lr");
        refused(edited("steps", "gatelab.optimizer.steps", v -> "[1, 2]"), "optimizer", "parameters");
        refused(edited("negative", "gatelab.optimizer.steps", v -> v.replaceFirst("\\d+", "-5")), "step count");
        refused(edited("ragged", "gatelab.history", v -> v + "7,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9\n"), "gatelab.history");
        refused(edited("noepoch", "gatelab.history", v -> v + ",0.1\n"), "gatelab.history", "epoch");
        refused(edited("history", "gatelab.history", v -> v.replaceFirst("train_loss", "loss")), "gatelab.history", "train_loss");

        // An optimizer buffer for a parameter the model does not have.
        Safetensors.Contents c = Safetensors.load(good);
        Map<String, dev.gatelab.autograd.Tensor> tensors = new LinkedHashMap<>(c.tensors());
        tensors.put("optimizer.param99.exp_avg", tensors.get("optimizer.param0.exp_avg"));
        Path extra = dir.resolve("param99.safetensors");
        Safetensors.save(extra, tensors, c.metadata());
        refused(extra, "param99");
    }

    /** Randomised: truncations, bit flips and edited configs give a clean load or an IOException, nothing else. */
    @Slow
    @Test
    void fuzzedCheckpointsLoadOrFailCleanly() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Rng rng = new Rng(11);
        Path p = dir.resolve("fuzz.safetensors");
        String[] fields = {"input_size", "hidden_size", "num_layers", "outputs", "proj_size", "bias", "dropout", "dtype"};
        String[] values = {"0", "-1", "3000000000", "1e9", "\"x\"", "null", "true", "[1]", "{}", "99999", "2.5"};
        long start = System.nanoTime();
        for (int round = 0; round < 600; round++) {
            byte[] b = bytes.clone();
            switch (round % 3) {
                case 0 -> b = java.util.Arrays.copyOf(b, rng.nextInt(b.length));
                case 1 -> {
                    for (int k = 0; k < 1 + rng.nextInt(8); k++) b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                default -> {
                    // A well-formed file whose config lies: a field set to a size or type it cannot have.
                    String f = fields[rng.nextInt(fields.length)], v = values[rng.nextInt(values.length)];
                    b = Files.readAllBytes(edited("crafted", "gatelab.config",
                            c -> c.replaceFirst("\"" + f + "\":[^,}]*", java.util.regex.Matcher.quoteReplacement("\"" + f + "\":" + v))));
                }
            }
            Files.write(p, b);
            try {
                ModelIO.load(p);
            } catch (IOException expected) {
                // a clean refusal
            } catch (Throwable t) {
                throw new AssertionError("round " + round + ": " + t, t);
            }
        }
        assertTrue(System.nanoTime() - start < 60_000_000_000L, "within a minute");
    }
}
