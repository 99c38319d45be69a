package dev.gatelab.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Module;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Optimizer;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A model in one safetensors file: its weights under PyTorch's names (so {@code torch.nn.LSTM.load_state_dict} takes
 * them as they are), its configuration in the metadata (so it loads without the code that built it), and optionally
 * the optimizer's state and the training History. Saving is atomic ({@link Safetensors#save}).
 *
 * <pre>{@code
 * ModelIO.save(Path.of("model.safetensors"), model, optimizer, history);
 * ModelIO.Saved saved = ModelIO.load(Path.of("model.safetensors"));
 * SequenceModel again = (SequenceModel) saved.model();
 * }</pre>
 */
public final class ModelIO {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPTIMIZER = "optimizer.";

    private ModelIO() {}

    /** What a file held: the rebuilt model, and the optimizer state and History when they were saved (else null/empty). */
    public record Saved(Module model, Map<String, Tensor> optimizerState, int[] optimizerSteps, Table history,
            Map<String, String> metadata) {
        /** Puts the saved optimizer state into {@code optimizer}, which must be built on {@code model()}'s parameters. */
        public void restore(Optimizer optimizer) {
            if (optimizerSteps == null) throw new IllegalStateException("ModelIO: the file holds no optimizer state");
            optimizer.restoreState(optimizerState, optimizerSteps);
            optimizer.setLr(Double.parseDouble(metadata.get("gatelab.optimizer.lr")));
        }
    }

    public static void save(Path path, Module model) throws IOException {
        save(path, model, null, null);
    }

    public static void save(Path path, Module model, Optimizer optimizer, Table history) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.namedParameters());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        Map<String, Object> config = model.config();
        if (config != null) meta.put("gatelab.config", JSON.writeValueAsString(config));
        if (optimizer != null) {
            optimizer.stateTensors().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
            meta.put("gatelab.optimizer", optimizer.getClass().getSimpleName());
            meta.put("gatelab.optimizer.lr", Double.toString(optimizer.lr()));
            meta.put("gatelab.optimizer.steps", JSON.writeValueAsString(optimizer.stepCounts()));
        }
        if (history != null) {
            StringWriter csv = new StringWriter();
            history.write().csv(csv);
            meta.put("gatelab.history", csv.toString());
        }
        Safetensors.save(path, tensors, meta);
    }

    /** Reads a file saved by {@link #save} (or by PyTorch with the same metadata) and rebuilds the model. */
    public static Saved load(Path path) throws IOException {
        Safetensors.Contents c = Safetensors.load(path);
        String configJson = c.metadata().get("gatelab.config");
        if (configJson == null) {
            throw new IOException("ModelIO.load: " + path + " has no 'gatelab.config' in its metadata, so the model"
                    + " cannot be rebuilt; build it yourself and call ModelIO.loadWeights(path, model)");
        }
        Map<String, Object> config = JSON.readValue(configJson, new TypeReference<Map<String, Object>>() {});
        Module model = switch (String.valueOf(config.get("kind"))) {
            case "SequenceModel" -> SequenceModel.fromConfig(config);
            default -> Recurrent.fromConfig(config);
        };
        Map<String, Tensor> weights = new LinkedHashMap<>(), optimizerState = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> (k.startsWith(OPTIMIZER) ? optimizerState : weights)
                .put(k.startsWith(OPTIMIZER) ? k.substring(OPTIMIZER.length()) : k, v));
        loadInto(path, model, weights);
        String steps = c.metadata().get("gatelab.optimizer.steps");
        String csv = c.metadata().get("gatelab.history");
        Table history = csv == null ? null
                : Table.read().usingOptions(CsvReadOptions.builder(new StringReader(csv)).tableName("history"));
        return new Saved(model, optimizerState, steps == null ? null : JSON.readValue(steps, int[].class), history,
                c.metadata());
    }

    /** Loads the weights of a file into a model built by the caller; names, shapes and dtypes must all match. */
    public static void loadWeights(Path path, Module model) throws IOException {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Safetensors.load(path).tensors().forEach((k, v) -> {
            if (!k.startsWith(OPTIMIZER)) weights.put(k, v);
        });
        loadInto(path, model, weights);
    }

    private static void loadInto(Path path, Module model, Map<String, Tensor> weights) throws IOException {
        try {
            model.loadStateDict(weights);
        } catch (IllegalArgumentException e) {
            throw new IOException("ModelIO: " + path + " does not fit " + model + ": " + e.getMessage(), e);
        }
    }
}
