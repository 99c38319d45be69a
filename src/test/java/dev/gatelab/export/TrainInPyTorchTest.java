package dev.gatelab.export;

import dev.gatelab.Slow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.io.ModelIO;
import dev.gatelab.io.Safetensors;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.SequenceModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip of the README's scale section: a peephole LSTM (which PyTorch's own LSTM lacks) exported from
 * Gatelab, trained in PyTorch with DistributedDataParallel over two CPU processes (gloo) by notebooks/scale/train_ddp.py,
 * saved, loaded back with ModelIO, traced, and predicting what PyTorch predicted to 1e-6 in float32.
 */
class TrainInPyTorchTest {
    private static final int SAMPLES = 48, STEPS = 8;

    @Slow
    @Test
    void aModelTrainedWithDdpComesBackToGatelab(@TempDir Path dir) throws Exception {
        SequenceModel model = SequenceModel.lastStep(LSTM.builder(2, 8).peepholes().batchFirst().dtype(DType.FLOAT32)
                .rng(new Rng(5)).build(), 1);
        // The task: each sample's mean of its first feature over its own length.
        Rng rng = new Rng(6);
        Tensor inputs = Tensor.randn(rng, DType.FLOAT32, SAMPLES, STEPS, 2);
        int[] lengths = new int[SAMPLES];
        double[] means = new double[SAMPLES], lengthValues = new double[SAMPLES];
        for (int b = 0; b < SAMPLES; b++) {
            lengths[b] = 4 + b % (STEPS - 3);
            lengthValues[b] = lengths[b];
            for (int t = 0; t < lengths[b]; t++) means[b] += inputs.get((b * STEPS + t) * 2) / lengths[b];
        }
        Map<String, Tensor> data = new LinkedHashMap<>();
        data.put("inputs", inputs);
        data.put("targets", Tensor.of(DType.FLOAT32, means, SAMPLES, 1));
        data.put("lengths", Tensor.of(DType.FLOAT64, lengthValues, SAMPLES));
        Path checkpoint = dir.resolve("model.safetensors"), module = dir.resolve("model_torch.py"),
                dataFile = dir.resolve("data.safetensors"), trained = dir.resolve("trained.safetensors"),
                predictions = dir.resolve("predictions.safetensors");
        ModelIO.save(checkpoint, model);
        PyTorchExport.write(module, model);
        Safetensors.save(dataFile, data, Map.of());

        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "notebooks/scale/train_ddp.py", "--processes", "2", "--module", module.toString(), "--checkpoint",
                checkpoint.toString(), "--data", dataFile.toString(), "--out", trained.toString(), "--epochs", "4",
                "--batch-size", "8", "--lr", "0.01", "--predictions", predictions.toString()).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        // The output goes to a file, read after the end: a pipe nobody reads while the processes run can fill and stall them.
        Path logFile = dir.resolve("train_ddp.log");
        pb.redirectOutput(logFile.toFile());
        Process p = pb.start();
        boolean ended = p.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String log = java.nio.file.Files.readString(logFile);
        if (!ended) fail("train_ddp.py took more than 240 s; its output:\n" + log);
        if (p.exitValue() != 0) {
            fail("train_ddp.py exited " + p.exitValue() + " (needs /usr/bin/python3 with torch: apt-get install"
                    + " python3-torch, which binder/prerequisites.sh --tests does):\n" + log);
        }
        System.out.println(log);

        Safetensors.Contents torch = Safetensors.load(predictions);
        assertEquals("2", torch.metadata().get("world_size"), "two processes trained it");
        List<Double> losses = new ObjectMapper().readValue(torch.metadata().get("losses"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Double>>() {});
        assertTrue(losses.get(losses.size() - 1) < 0.8 * losses.get(0), "training lowered the loss: " + losses);

        SequenceModel back = ModelIO.load(trained, SequenceModel.class).model();
        assertTrue(!back.namedParameters().get("rnn.peephole_f_l0").equals(model.namedParameters().get("rnn.peephole_f_l0"))
                && maxDifference(back.namedParameters().get("rnn.peephole_f_l0"), model.namedParameters().get("rnn.peephole_f_l0")) > 1e-4,
                "the peepholes were trained in PyTorch");
        Tensor ours;
        back.eval();
        try (var off = Grad.off()) {
            ours = back.forward(inputs, lengths);
        }
        double d = maxDifference(ours, torch.tensors().get("predictions"));
        System.out.printf("Gatelab's predictions from the checkpoint PyTorch trained, against PyTorch's: largest difference %.1e%n", d);
        assertTrue(d <= 1e-6, "Gatelab predicts what PyTorch predicted, to 1e-6: " + d);

        GateTrace trace = back.trace(inputs, lengths);
        assertEquals(List.of("i", "f", "g", "o"), trace.gates().subList(0, 4), "the trained gates, traced in Gatelab");
        assertEquals(SAMPLES, trace.samples());
        Tensor f = trace.gate("f");
        double low = 1, high = 0;
        for (int i = 0; i < f.size(); i++) {
            if (Double.isNaN(f.get(i))) continue;      // a trace marks the steps past a sample's length NaN
            low = Math.min(low, f.get(i));
            high = Math.max(high, f.get(i));
        }
        assertTrue(0 < low && low < high && high < 1, "a forget gate's values, in (0, 1) and varying: " + low + " to " + high);
    }

    private static double maxDifference(Tensor a, Tensor b) {
        assertEquals(a.size(), b.size(), "sizes");
        double d = 0;
        for (int i = 0; i < a.size(); i++) d = Math.max(d, Math.abs(a.get(i) - b.get(i)));
        return d;
    }
}
