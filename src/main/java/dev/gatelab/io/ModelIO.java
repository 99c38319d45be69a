package dev.gatelab.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Module;
import dev.gatelab.nn.Modules;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Optimizer;
import dev.gatelab.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model in one safetensors file: its weights under PyTorch's names (so {@code torch.nn.LSTM.load_state_dict} takes
 * them as they are), its configuration in the metadata (so it loads without the code that built it), and optionally
 * the optimizer's state and the training History. Saving is atomic ({@link Safetensors#save}); {@code Checkpoint}
 * writes this same format.
 *
 * <pre>{@code
 * ModelIO.save(Path.of("model.safetensors"), model, optimizer, history);
 * ModelIO.Saved<SequenceModel> saved = ModelIO.load(Path.of("model.safetensors"), SequenceModel.class);
 * SequenceModel again = saved.model();
 * LossChart.of("reloaded", saved.history());
 * saved.restore(new Adam(again.parameters(), 0.01));
 * }</pre>
 */
public final class ModelIO {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPTIMIZER = "optimizer.";

    private ModelIO() {}

    /**
     * What a file held: the rebuilt model, and the optimizer state and History when they were saved.
     *
     * @param <M> the model's type
     * @param model the model, with the saved weights
     * @param optimizerState the optimizer's buffers by name (empty when none was saved)
     * @param optimizerSteps each parameter's update count, or null when no optimizer was saved
     * @param optimizerLr the optimizer's learning rate when it was saved (NaN without an optimizer)
     * @param history the History, or null when none was saved
     * @param metadata the file's metadata as it is
     */
    public record Saved<M extends Module>(M model, Map<String, Tensor> optimizerState, int[] optimizerSteps,
            double optimizerLr, History history, Map<String, String> metadata) {
        /**
         * Puts the saved optimizer state into {@code optimizer}, which must be built on {@code model()}'s parameters.
         *
         * @param optimizer a fresh optimizer of the saved kind
         */
        public void restore(Optimizer optimizer) {
            if (optimizerSteps == null) throw new IllegalStateException("ModelIO: the file holds no optimizer state");
            String saved = metadata.get("gatelab.optimizer"), given = optimizer.getClass().getSimpleName();
            if (saved != null && !saved.equals(given)) {
                throw new dev.gatelab.ArgumentException("ModelIO: the file holds the state of " + saved + ", not of the "
                        + given + " given; its buffers mean other things there. Restore into a new " + saved
                        + "(model.parameters(), lr)");
            }
            optimizer.restoreState(optimizerState, optimizerSteps);
            optimizer.setLr(optimizerLr);
        }

        /** @return the model, what optimizer state there is and how long the History is; not the tensors */
        @Override
        public String toString() {
            String opt = optimizerSteps == null ? "no optimizer state"
                    : metadata.getOrDefault("gatelab.optimizer", "optimizer") + " state for " + optimizerSteps.length
                    + " parameters (" + optimizerState.size() + " buffers, "
                    + java.util.Arrays.stream(optimizerSteps).max().orElse(0) + " steps)";
            String hist = history == null ? "no History" : "History of " + history.epochs() + " epochs";
            return "Saved(" + model + "; " + opt + "; " + hist + ")";
        }
    }

    /**
     * Saves a model's weights and configuration.
     *
     * @param path the file to write
     * @param model the model
     * @throws IOException when the file cannot be written
     */
    public static void save(Path path, Module model) throws IOException {
        save(path, model, null, null);
    }

    /**
     * Saves a model with its optimizer's state and its History.
     *
     * @param path the file to write
     * @param model the model
     * @param optimizer its optimizer, or null
     * @param history its History, or null
     * @throws IOException when the file cannot be written
     */
    public static void save(Path path, Module model, Optimizer optimizer, History history) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.namedParameters());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        Map<String, Object> config = model.config();
        if (config != null) {
            String json = JSON.writeValueAsString(config);
            // The check load makes first, made now on the JSON as written, without building a model: a file load would
            // refuse is never written (a CellLayer of a built-in cell, not registered by name, is one).
            try {
                Map<String, Object> back = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
                Modules.parameterShapes(back, model.namedParameters().size());
            } catch (dev.gatelab.ArgumentException e) {
                throw new IOException("ModelIO.save: " + path + ": the file would not load back, so nothing was written: "
                        + e.getMessage(), e);
            }
            meta.put("gatelab.config", json);
        }
        if (optimizer != null) {
            optimizer.stateTensors().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
            meta.put("gatelab.optimizer", optimizer.getClass().getSimpleName());
            meta.put("gatelab.optimizer.lr", Double.toString(optimizer.lr()));
            meta.put("gatelab.optimizer.steps", JSON.writeValueAsString(optimizer.stepCounts()));
        }
        if (history != null) {
            meta.put("gatelab.history", history.toCsv());
            meta.put("gatelab.history.name", history.name());
            meta.put("gatelab.history.notes", JSON.writeValueAsString(history.notes()));
        }
        Safetensors.save(path, tensors, meta);
    }

    /**
     * Reads a file saved by {@link #save} (or by PyTorch with the same metadata) and rebuilds the model as the type
     * the caller expects.
     *
     * @param <M> the model's type
     * @param path the file
     * @param type SequenceModel.class, LSTM.class, … (Module.class for any)
     * @return the model with its weights, and what else the file holds
     * @throws IOException when the file is not whole, does not fit its own configuration, or holds another kind
     */
    public static <M extends Module> Saved<M> load(Path path, Class<M> type) throws IOException {
        Saved<Module> any = load(path);
        if (!type.isInstance(any.model())) {
            throw new IOException("ModelIO.load: " + path + " holds " + any.model() + ", not a " + type.getSimpleName());
        }
        return new Saved<>(type.cast(any.model()), any.optimizerState(), any.optimizerSteps(), any.optimizerLr(),
                any.history(), any.metadata());
    }

    /**
     * Reads a file saved by {@link #save} and rebuilds the model.
     *
     * @param path the file
     * @return the model (as a Module) with its weights, and what else the file holds
     * @throws IOException when the file is not whole or does not fit its own configuration
     */
    public static Saved<Module> load(Path path) throws IOException {
        Safetensors.Contents c = Safetensors.load(path);
        String configJson = c.metadata().get("gatelab.config");
        if (configJson == null) {
            throw new IOException("ModelIO.load: " + path + " has no 'gatelab.config' in its metadata, so the model"
                    + " cannot be rebuilt; build it yourself and call ModelIO.loadWeights(path, model)");
        }
        Map<String, Object> config;
        try {
            config = JSON.readValue(configJson, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.config' is not a JSON object: "
                    + e.getMessage(), e);
        }
        if (config == null) {
            throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.config' is not a JSON object: it is null");
        }
        Map<String, Tensor> weights = new LinkedHashMap<>(), optimizerState = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> (k.startsWith(OPTIMIZER) ? optimizerState : weights)
                .put(k.startsWith(OPTIMIZER) ? k.substring(OPTIMIZER.length()) : k, v));
        Module model;
        try {
            // Every size the config claims is checked against the tensors in the file before anything is allocated,
            // so an edited config cannot make the loader build a model the file does not back.
            Map<String, int[]> expected = Modules.parameterShapes(config, weights.size());
            for (Map.Entry<String, int[]> e : expected.entrySet()) {
                Tensor t = weights.get(e.getKey());
                if (t == null) {
                    throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.config' needs a tensor '"
                            + e.getKey() + "', which the file does not hold; it holds " + weights.keySet());
                }
                if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                    throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.config' (" + sizes(config)
                            + ") makes '" + e.getKey() + "' " + java.util.Arrays.toString(e.getValue())
                            + ", but the file holds it as " + java.util.Arrays.toString(t.shape()));
                }
            }
            model = Modules.fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.config': " + e.getMessage(), e);
        }
        loadInto(path, model, weights);
        String steps = c.metadata().get("gatelab.optimizer.steps");
        String csv = c.metadata().get("gatelab.history");
        History history = null;
        if (csv != null) {
            try {
                String notes = c.metadata().get("gatelab.history.notes");
                history = History.fromCsv(c.metadata().getOrDefault("gatelab.history.name", "history"), csv,
                        notes == null ? java.util.List.of() : java.util.Arrays.asList(JSON.readValue(notes, String[].class)));
            } catch (IOException | RuntimeException e) {
                throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.history' is not a History: "
                        + e.getMessage(), e);
            }
        }
        int[] stepCounts = null;
        if (steps != null) {
            try {
                stepCounts = JSON.readValue(steps, int[].class);
            } catch (IOException e) {
                throw new IOException("ModelIO.load: " + path + ": metadata 'gatelab.optimizer.steps' is not a list"
                        + " of integers: " + e.getMessage(), e);
            }
        }
        double lr = Double.NaN;
        if (stepCounts != null || !optimizerState.isEmpty()) {
            String field = "gatelab.optimizer.lr", text = c.metadata().get(field);
            try {
                lr = Double.parseDouble(String.valueOf(text));
            } catch (NumberFormatException e) {
                throw new IOException("ModelIO.load: " + path + ": metadata '" + field + "' must be a number, got " + text);
            }
            if (!(lr >= 0) || Double.isInfinite(lr)) {
                throw new IOException("ModelIO.load: " + path + ": metadata '" + field + "' must be finite and >= 0, got " + text);
            }
            if (stepCounts == null) {
                throw new IOException("ModelIO.load: " + path + ": optimizer tensors but no metadata 'gatelab.optimizer.steps'");
            }
            // The same checks restore() will make, made now, so a bad file fails at load and names its field.
            try {
                new CheckOnly(model.parameters()).restoreState(optimizerState, stepCounts);
            } catch (IllegalArgumentException e) {
                throw new IOException("ModelIO.load: " + path + ": the optimizer state: " + e.getMessage(), e);
            }
        }
        return new Saved<>(model, optimizerState, stepCounts, lr, history, c.metadata());
    }

    /** An optimizer that only checks a saved state against the model's parameters. */
    private static final class CheckOnly extends Optimizer {
        CheckOnly(java.util.List<Tensor> params) {
            super(params, 0);
        }

        @Override
        protected String update(Tensor p, Tensor grad, Map<String, Tensor> state, int step, boolean commit) {
            return null;
        }
    }

    /** The size fields of a config, to name in a message. */
    @SuppressWarnings("unchecked")
    private static String sizes(Map<String, Object> config) {
        Map<String, Object> c = config.get("rnn") instanceof Map ? (Map<String, Object>) config.get("rnn") : config;
        StringBuilder sb = new StringBuilder();
        for (String key : new String[] {"input_size", "hidden_size", "num_layers", "proj_size"}) {
            if (c.containsKey(key)) sb.append(sb.length() == 0 ? "" : ", ").append(key).append(' ').append(c.get(key));
        }
        if (config.containsKey("outputs")) sb.append(", outputs ").append(config.get("outputs"));
        return sb.toString();
    }

    /**
     * Loads the weights of a file into a model built by the caller; names, shapes and dtypes must all match.
     *
     * @param path the file
     * @param model a model of the saved configuration
     * @throws IOException when the file is not whole or its tensors do not fit the model
     */
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
