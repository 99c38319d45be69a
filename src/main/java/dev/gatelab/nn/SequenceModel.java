package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Grad;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.Batch;
import dev.gatelab.data.CharVocabulary;
import dev.gatelab.data.SequenceDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recurrent layer with a Linear head: the usual model of a tutorial. With {@link Head#LAST_STEP} the head reads the
 * output at each sample's last step (forecasting, the adding problem) and returns [batch, outputs]; with
 * {@link Head#EVERY_STEP} it reads every step (tagging, language models) and returns [batch, time, outputs]. The
 * recurrent layer must be batch_first.
 *
 * <p>Besides training (with {@code Trainer}), a model does in one call what a notebook asks of it:
 * <pre>{@code
 * Tensor y = model.predict(test);                       // eval mode, no graph
 * double mse = model.evaluate(test, Losses.mse());
 * GateTrace trace = model.trace(inputs);                // every gate of every step
 * GateTrace grads = model.traceGradients(inputs, targets, Losses.mse());   // and ‖∂L/∂h_t‖
 * String text = model.generate(vocab, "ROMEO:", 300, 0.8, new Rng(7));
 * SequenceModel.Step s = model.step(x, s.state());      // a step or chunk at a time, with the state carried
 * }</pre>
 * None of these leaves anything on the model: the training mode and the parameters' gradients stay as they were,
 * so predictions may run on several threads at once.
 */
public final class SequenceModel extends Module implements Fittable {
    /** The kind its config names. */
    static final String KIND = "SequenceModel";

    /** Which steps the head reads. */
    public enum Head {
        /** Each sample's last step: one prediction per sample. */
        LAST_STEP,
        /** Every step: one prediction per step. */
        EVERY_STEP
    }

    /**
     * What a step (or a chunk of steps) gives: the head's output and the state to carry into the next one.
     *
     * @param output [batch, time, outputs] for EVERY_STEP, [batch, outputs] for LAST_STEP
     * @param state the final states of every layer, to pass to the next call
     */
    public record Step(Tensor output, RecurrentState state) {
        /** @return the same step with the state cut from the graph, so the next chunk's backward stops here */
        public Step detached() {
            return new Step(output, state.detached());
        }
    }

    private final Recurrent recurrent;
    private final Linear head;
    private final Head mode;
    /** What this model changes as it runs (see {@link #with}); empty for the model as trained. */
    private final List<Intervention> interventions;

    /**
     * A model of a recurrent layer and a Linear head, whose weights come from the layer's generator.
     *
     * @param recurrent a batch_first recurrent layer
     * @param outputs the head's output features
     * @param mode which steps the head reads
     */
    public SequenceModel(Recurrent recurrent, int outputs, Head mode) {
        if (!recurrent.batchFirst()) {
            throw new ArgumentException("SequenceModel: the recurrent layer " + recurrent
                    + " must be built with batchFirst(), as the data sets give [batch, time, features]");
        }
        this.recurrent = register("rnn", recurrent);
        this.head = register("head", new Linear(recurrent.directions() * recurrent.outputSize(), outputs, true,
                recurrent.dtype(), recurrent.initRng));
        this.mode = mode;
        this.interventions = List.of();
    }

    /** The same modules, run with interventions. */
    private SequenceModel(SequenceModel model, List<Intervention> interventions) {
        this.recurrent = register("rnn", model.recurrent);
        this.head = register("head", model.head);
        this.mode = model.mode;
        this.interventions = interventions;
    }

    /**
     * The same model, its weights shared, that runs with some values changed: predict, evaluate, trace and generate
     * on it make the interventions at every batch. The interventions are checked here against the layer (its layers,
     * directions, traced names and units), and each span against each input's length when it runs.
     *
     * <pre>{@code
     * double base = model.evaluate(heldOut, loss);
     * double without = model.with(Intervention.on("c").units(42).silence()).evaluate(heldOut, loss);
     * }</pre>
     *
     * @param changes the interventions, added to any this model already has
     * @return a model that runs with them
     * @throws ArgumentException naming an intervention the layer cannot make
     */
    public SequenceModel with(Intervention... changes) {
        List<Intervention> all = new ArrayList<>(interventions);
        for (Intervention iv : changes) all.add(java.util.Objects.requireNonNull(iv, "SequenceModel.with: an intervention is null"));
        Intervention.OnLayer.check(all, recurrent);
        return new SequenceModel(this, List.copyOf(all));
    }

    /** @return the interventions this model runs with (empty for a model as built or loaded) */
    public List<Intervention> interventions() {
        return interventions;
    }

    /**
     * A model that predicts from each sample's last step.
     *
     * @param recurrent a batch_first recurrent layer
     * @param outputs the head's output features
     * @return the model
     */
    public static SequenceModel lastStep(Recurrent recurrent, int outputs) {
        return new SequenceModel(recurrent, outputs, Head.LAST_STEP);
    }

    /**
     * A model that predicts at every step.
     *
     * @param recurrent a batch_first recurrent layer
     * @param outputs the head's output features
     * @return the model
     */
    public static SequenceModel everyStep(Recurrent recurrent, int outputs) {
        return new SequenceModel(recurrent, outputs, Head.EVERY_STEP);
    }

    // ---------------------------------------------------------------- forward

    /**
     * Runs a batch from zero states, with a graph when gradients are on.
     *
     * @param input [batch, time, features]
     * @return [batch, outputs] or [batch, time, outputs]
     */
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Runs a padded batch whose samples end at {@code lengths}.
     *
     * @param input [batch, time, features]
     * @param lengths each sample's length, or null when all use every step
     * @return [batch, outputs] (read at each sample's last step) or [batch, time, outputs]
     */
    @Override
    public Tensor forward(Tensor input, int[] lengths) {
        return run(input, null, lengths, isTraining(), null).output();
    }

    /**
     * Runs one step or a chunk of steps from a given state, and returns the new state with the output: for sampling
     * a step at a time, or for training on a long sequence in consecutive chunks (truncated backpropagation through
     * time; detach the state between chunks with {@link Step#detached()}).
     *
     * @param input [batch, time, features]; time may be 1
     * @param state the state a previous step returned, or null for zeros
     * @return the output and the state after the last step
     */
    @Override
    public Step step(Tensor input, RecurrentState state) {
        return run(input, state, null, isTraining(), null);
    }

    private Step run(Tensor input, RecurrentState state, int[] lengths, boolean training, GateTrace trace) {
        if (mode == Head.EVERY_STEP) {
            // The head reads the batch-first copy of every step's hidden state, not the layers' time-major rows: its
            // weight's gradient sums over the rows in their order, and that order is part of every committed result.
            RecurrentOutput out = recurrent.forward(input, state, lengths, training, trace, interventions);
            return new Step(head.forward(out.output()), out.state());
        }
        recurrent.checkInput(input);      // before reading its shape, so a bad input gets the layer's own message
        int batch = input.dim(0); // batch-first, as the constructor requires
        if (recurrent.directions() == 1) {
            // One direction's output at each sample's last step is its final hidden state (carried unchanged past a
            // sample's end): the top layer's rows of h_n, and the layer need not keep its output at every step.
            RecurrentOutput out = recurrent.forwardRows(input, state, lengths, training, trace, interventions, false);
            int p = recurrent.outputSize(), top = (recurrent.numLayers() - 1) * batch * p;
            return new Step(head.forward(Ops.segment(out.hN(), top, batch, p)), out.state());
        }
        // Both directions: row (lengths[b] − 1)·batch + b of the layers' time-major rows, where the reverse direction
        // has only just started.
        RecurrentOutput out = recurrent.forwardRows(input, state, lengths, training, trace, interventions, true);
        int steps = out.output().dim(0) / batch;
        int[] last = new int[batch];
        for (int b = 0; b < batch; b++) last[b] = (lengths == null ? steps - 1 : lengths[b] - 1) * batch + b;
        return new Step(head.forward(Ops.rows(out.output(), last)), out.state());
    }

    // ---------------------------------------------------------------- predict and evaluate

    /**
     * Predictions for a batch of inputs, in evaluation mode (no dropout) and without a graph.
     *
     * @param inputs [batch, time, features]
     * @return [batch, outputs] or [batch, time, outputs]
     */
    public Tensor predict(Tensor inputs) {
        try (Grad.Scope off = Grad.off()) {
            return predictBatch(inputs, null);
        }
    }

    /** Evaluation mode passed down the call rather than set on the model: predictions may run on several threads. */
    @Override
    public Tensor predictBatch(Tensor input, int[] lengths) {
        return run(input, null, lengths, false, null).output();
    }

    /**
     * The mean loss over text laid out in streams ({@code CharVocabulary.streams}), read as it was trained with
     * {@code Trainer.carryState()}: batch k holds chunk k of every stream, and each batch starts from the state the
     * one before ended with, so every character is predicted from all the text before it in its stream (the number
     * char-rnn reports), not from a cold start at each chunk. Evaluation mode, no graph.
     *
     * @param data the streams, chunk by chunk
     * @param streams how many streams run side by side (the batch size they were made with)
     * @param loss a loss with mean reduction
     * @return the loss averaged over every position
     */
    public double evaluateStreams(SequenceDataset data, int streams, Loss loss) {
        if (mode != Head.EVERY_STEP) throw new ArgumentException("SequenceModel.evaluateStreams: needs a model with an every-step head");
        if (streams < 1 || data.size() % streams != 0) {
            throw new ArgumentException("SequenceModel.evaluateStreams: " + data.size() + " samples do not make whole batches of "
                    + streams + " streams");
        }
        double sum = 0;
        RecurrentState state = null;
        try (Grad.Scope off = Grad.off()) {
            for (Batch b : data.batches(streams, null)) {
                Step s = run(b.inputs(), state, null, false, null);
                sum += loss.forward(s.output(), b.targets()).item() * b.size();
                state = s.state();
            }
        }
        return sum / data.size();
    }

    // ---------------------------------------------------------------- looking inside

    /**
     * Runs a batch in evaluation mode, without a graph, and records every gate and state of every step.
     *
     * @param inputs [batch, time, features]
     * @return the trace
     */
    public GateTrace trace(Tensor inputs) {
        return trace(inputs, null);
    }

    /**
     * As {@link #trace(Tensor)}, for a padded batch.
     *
     * @param inputs [batch, time, features]
     * @param lengths each sample's length, or null
     * @return the trace
     */
    public GateTrace trace(Tensor inputs, int[] lengths) {
        GateTrace trace = recurrent.newTrace(inputs, lengths);
        try (Grad.Scope off = Grad.off()) {
            run(inputs, null, lengths, false, trace);
        }
        return trace;
    }

    /**
     * As {@link #trace(Tensor)}, and also backpropagates {@code loss} to record ‖∂L/∂h_t‖ at every step. The
     * parameters' gradients are put back as they were, so a training run is not disturbed.
     *
     * @param inputs [batch, time, features]
     * @param targets the targets of the batch
     * @param loss the loss whose gradient is measured
     * @return the trace, with {@link GateTrace#gradientNorms()}
     */
    public GateTrace traceGradients(Tensor inputs, Tensor targets, Loss loss) {
        GateTrace trace = recurrent.newTrace(inputs, null);
        Map<String, Tensor> params = namedParameters();
        Map<String, Tensor> saved = new LinkedHashMap<>();
        params.forEach((name, p) -> saved.put(name, p.grad() == null ? null : p.grad().copy()));
        try {
            loss.forward(run(inputs, null, null, false, trace).output(), targets).backward();
        } finally {
            params.forEach((name, p) -> p.setGrad(saved.get(name)));
        }
        return trace;
    }

    /**
     * The gradient of a number computed from the model's output with respect to every input value: the raw material
     * of saliency maps. Runs in evaluation mode (no dropout) with a graph; the parameters' gradients are put back as
     * they were.
     *
     * <pre>{@code
     * Tensor g = model.inputGradient(x, out -> out.slice(1, 41, 42).slice(2, 7, 8).sum());   // logit 7 at step 41
     * }</pre>
     *
     * @param inputs [batch, time, features]
     * @param objective from the output ([batch, outputs] or [batch, time, outputs]) to a scalar
     * @return ∂objective/∂inputs, the shape of {@code inputs}
     */
    public Tensor inputGradient(Tensor inputs, java.util.function.Function<Tensor, Tensor> objective) {
        if (!interventions.isEmpty()) {
            throw new ArgumentException("SequenceModel.inputGradient: a model with interventions runs without a graph");
        }
        Map<String, Tensor> params = namedParameters();
        Map<String, Tensor> saved = new LinkedHashMap<>();
        params.forEach((name, p) -> saved.put(name, p.grad() == null ? null : p.grad().copy()));
        Tensor x = inputs.detach().requiresGrad(true);
        try (Grad.Scope on = Grad.on()) {
            Tensor value = objective.apply(run(x, null, null, false, null).output());
            if (value == null || value.size() != 1) {
                throw new ArgumentException("SequenceModel.inputGradient: the objective must give one number, got "
                        + (value == null ? "null" : "shape " + dev.gatelab.autograd.Shapes.text(value.shape())));
            }
            value.backward();
            return x.grad() == null ? Tensor.zeros(x.dtype(), x.shape()) : x.grad().copy();
        } finally {
            params.forEach((name, p) -> p.setGrad(saved.get(name)));
        }
    }

    // ---------------------------------------------------------------- generating text

    /**
     * Writes text with a character model (one-hot inputs and a head over the same vocabulary): reads the seed, then
     * draws each next character from softmax(logits / temperature) and feeds it back in, one step at a time with the
     * state carried. Runs in evaluation mode without a graph.
     *
     * @param vocab the characters the model was trained on
     * @param seed the text to start from (at least one character, all in the vocabulary)
     * @param length how many characters to add
     * @param temperature above 0: below 1 sharpens the distribution, above 1 flattens it; so small that the logits
     *     divided by it overflow, it is the limit T → 0 and the likeliest character is taken
     * @param rng the generator of the draws
     * @return the seed followed by {@code length} generated characters
     */
    public String generate(CharVocabulary vocab, String seed, int length, double temperature, Rng rng) {
        String where = "SequenceModel.generate";
        if (mode != Head.EVERY_STEP) throw new ArgumentException(where + ": needs a model with an every-step head");
        if (recurrent.inputSize() != vocab.size() || head.weight().dim(0) != vocab.size()) {
            throw new ArgumentException(where + ": the model reads " + recurrent.inputSize() + " features and writes "
                    + head.weight().dim(0) + ", but the vocabulary has " + vocab.size() + " characters");
        }
        if (seed == null || seed.isEmpty()) throw new ArgumentException(where + ": argument 'seed' must not be empty");
        if (interventions.stream().anyMatch(Intervention::hasSpan)) {
            throw new ArgumentException(where + ": an intervention over a span of steps needs one whole sequence, and"
                    + " generate runs a step at a time; intervene on every step instead");
        }
        if (length < 0) throw new ArgumentException(where + ": argument 'length' must be >= 0, got " + length);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new ArgumentException(where + ": argument 'temperature' must be positive and finite, got " + temperature);
        }
        StringBuilder out = new StringBuilder(seed);
        try (Grad.Scope off = Grad.off()) {
            Step s = run(vocab.oneHot(seed).to(recurrent.dtype()), null, null, false, null);
            for (int k = 0; k < length; k++) {
                int steps = s.output().dim(1), v = vocab.size();
                Tensor logits = s.output().reshape(steps, v).slice(0, steps - 1, steps);
                for (int c = 0; c < v; c++) {
                    if (!Double.isFinite(logits.get(c))) {
                        throw new ArgumentException(where + ": the model's logit for '" + vocab.charAt(c) + "' is "
                                + logits.get(c) + " before generated character " + k + "; a model with non-finite"
                                + " outputs cannot be sampled (were its weights trained to NaN?)");
                    }
                }
                Tensor scaled = logits.mul(1 / temperature);
                boolean finite = true;
                for (int c = 0; c < v; c++) finite &= Double.isFinite(scaled.get(c));
                // A temperature so small that logits / T overflows the model's precision is the limit T → 0: argmax.
                char next = vocab.charAt(finite ? draw(scaled.softmax(), rng) : argmax(logits));
                out.append(next);
                s = run(vocab.oneHot(String.valueOf(next)).to(recurrent.dtype()), s.state(), null, false, null);
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- forecasting

    /**
     * Forecasts several steps ahead with a model that reads a window of one series and predicts its next value (a
     * last-step head with one input feature and one output, as trained on {@link dev.gatelab.data.Windows}): it
     * predicts the next value from the last {@code window} known ones, appends the prediction, and slides on, each
     * forecast reading the forecasts before it once the known values run out. Runs in evaluation mode without a graph.
     *
     * @param series the series, in the model's own scale, known before {@code origin}
     * @param window how many values the model reads (as in training)
     * @param origin the index of the first value forecast, at least {@code window}
     * @param horizon how many values to forecast
     * @return the forecasts of the values at origin … origin + horizon − 1
     */
    public double[] forecast(double[] series, int window, int origin, int horizon) {
        String where = "SequenceModel.forecast";
        if (mode != Head.LAST_STEP || recurrent.inputSize() != 1 || head.weight().dim(0) != 1) {
            throw new ArgumentException(where + ": needs a model that reads one feature and predicts one value from its"
                    + " last step, got " + this);
        }
        if (window < 1 || origin < window || origin > series.length || horizon < 1) {
            throw new ArgumentException(where + ": expected a window of at least 1, an origin in [window, "
                    + series.length + "] and a horizon of at least 1, got window " + window + ", origin " + origin
                    + ", horizon " + horizon);
        }
        double[] path = java.util.Arrays.copyOf(series, origin + horizon);
        try (Grad.Scope off = Grad.off()) {
            for (int t = origin; t < origin + horizon; t++) {
                Tensor x = Tensor.zeros(recurrent.dtype(), 1, window, 1);
                for (int k = 0; k < window; k++) x.set(k, path[t - window + k]);
                path[t] = run(x, null, null, false, null).output().get(0);
            }
        }
        return java.util.Arrays.copyOfRange(path, origin, origin + horizon);
    }

    private static int argmax(Tensor row) {
        int best = 0;
        for (int c = 1; c < row.size(); c++) if (row.get(c) > row.get(best)) best = c;
        return best;
    }

    /** An index drawn with the probabilities {@code p}. */
    private static int draw(Tensor p, Rng rng) {
        double u = rng.uniform(), cumulative = 0;
        for (int c = 0; c < p.size(); c++) {
            cumulative += p.get(c);
            if (u < cumulative) return c;
        }
        return p.size() - 1; // u fell in the rounding left over past the last cumulative sum
    }

    // ---------------------------------------------------------------- configuration

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", KIND);
        c.put("head", mode.name());
        c.put("outputs", head.weight().dim(0));
        c.put("rnn", recurrent.config());
        return c;
    }

    /**
     * Builds the model a {@link #config()} describes, with fresh weights.
     *
     * @param config the map {@link #config()} gave, perhaps read back from a checkpoint
     * @return the model
     * @throws ArgumentException naming the field that is missing, of the wrong type or out of range
     */
    public static SequenceModel fromConfig(Map<String, Object> config) {
        Config c = new Config("config", config);
        String head = c.string("head");
        Head mode;
        try {
            mode = Head.valueOf(head);
        } catch (IllegalArgumentException e) {
            throw new ArgumentException("config: field 'head' must be LAST_STEP or EVERY_STEP, got '" + head + "'");
        }
        int outputs = c.size("outputs");
        c.string("kind", KIND);
        Recurrent rnn = Recurrent.fromConfig(c.child("rnn"));
        c.refuseUnknown();
        return new SequenceModel(rnn, outputs, mode);
    }

    /**
     * Every parameter a model of this config has, by name, without building it (see
     * {@link Recurrent#parameterShapes}).
     *
     * @param config a model's config
     * @param available how many tensors the file holds
     * @return the shapes by parameter name
     * @throws ArgumentException naming the config field that is out of range or does not fit the count
     */
    public static Map<String, int[]> parameterShapes(Map<String, Object> config, int available) {
        Config c = new Config("config", config);
        int outputs = c.size("outputs");
        Config rnn = c.child("rnn");
        Map<String, Object> rnnConfig = c.childMap("rnn");
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Recurrent.parameterShapes(rnnConfig, available - 2).forEach((name, shape) -> shapes.put("rnn." + name, shape));
        int proj = rnn.integer("proj_size", 0);      // checked against the cell by Recurrent.parameterShapes above
        int width = (rnn.bool("bidirectional", false) ? 2 : 1) * (proj > 0 ? proj : rnn.size("hidden_size"));
        shapes.put("head.weight", new int[] {outputs, width});
        shapes.put("head.bias", new int[] {outputs});
        return shapes;
    }

    /** @return the recurrent layer */
    public Recurrent recurrent() {
        return recurrent;
    }

    /** @return the Linear head */
    public Linear head() {
        return head;
    }

    /** @return which steps the head reads */
    public Head mode() {
        return mode;
    }

    /** @return the recurrent layer's kind ("LSTM"): the name of a fit's History when none is given */
    @Override
    public String name() {
        return recurrent.kind();
    }

    @Override
    public String toString() {
        return "SequenceModel(" + recurrent + " → " + head + ", " + mode.name().toLowerCase().replace('_', ' ') + ")";
    }
}
