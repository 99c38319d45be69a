package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of {@link RNN}, {@link LSTM} and {@link GRU}, as torch.nn.RNNBase is of theirs: the same options,
 * parameter names, shapes and initialisation, so weights move between the two unchanged.
 *
 * <p>Shapes (N batch, L time, D = 2 if bidirectional else 1, H hidden_size, P = proj_size if set else H):
 * <pre>
 *   input       [L, N, input_size]  or [N, L, input_size] with batch_first
 *   h0, h_n     [num_layers·D, N, P]
 *   c0, c_n     [num_layers·D, N, S·H]    the cell's S states side by side (the LSTM's c: S = 1)
 *   output      [L, N, D·P]         or [N, L, D·P] with batch_first
 *   lengths     N values in [1, L]: each sample's own length (the pack_padded_sequence case)
 *
 *   weight_ih_l{k}[_reverse]  [G·H, input_size] for k = 0, else [G·H, D·P]    G = 1 RNN, 3 GRU, 4 LSTM
 *   weight_hh_l{k}[_reverse]  [R·H, P]          R = G but for a cell whose blocks do not all read h_{t−1} (mLSTM: 1)
 *   bias_ih_l{k} [G·H], bias_hh_l{k} [R·H]
 *   weight_hr_l{k}[_reverse]  [P, H]                                          (LSTM with proj_size)
 *   {name}_l{k}[_reverse]     [H]         a cell's per-unit parameters (an LSTM's peepholes: peephole_i, _f, _o)
 *   {name}_l{k}[_reverse]     [H, H]      a cell's matrices (the multiplicative LSTM's weight_im, …)
 * </pre>
 * Every parameter starts U(−1/√H, 1/√H), but the bias blocks a cell starts elsewhere (an LSTM's forgetBias). Gate
 * order in the rows: LSTM i, f, g, o; GRU r, z, n; any cell, the blocks its {@link CellDefinition} declares.
 *
 * <p>What a step computes comes from the layer's {@link CellDefinition}: {@link LSTM}, {@link GRU} and {@link RNN}
 * are layers of the built-in cells, {@link CellLayer} a layer of any cell.
 *
 * <p>Each layer and direction runs as one fused node ({@link FusedSequence}); dropout, when set, applies to every
 * layer's output but the last, in training mode.
 */
public abstract class Recurrent extends Module {
    private final CellDefinition cell;
    private final int inputSize, hiddenSize, numLayers, projSize, directions;
    private final boolean bias, batchFirst;
    private final double dropout;
    private final DType dtype;
    private final Rng dropoutRng;
    /** The generator the weights came from; a head built on this layer draws its weights from it too. */
    final Rng initRng;
    private final List<FusedSequence.Weights> weights = new ArrayList<>();

    Recurrent(CellDefinition cell, RecurrentBuilder<?, ?> b) {
        this.cell = cell;
        this.inputSize = b.inputSize;
        this.hiddenSize = b.hiddenSize;
        this.numLayers = b.numLayers;
        this.projSize = b.projSize;
        this.directions = b.bidirectional ? 2 : 1;
        this.bias = b.effectiveBias();
        this.batchFirst = b.batchFirst;
        this.dropout = b.dropout;
        this.dtype = b.dtype;
        validateOptions();
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++) {
            for (int d = 0; d < directions; d++) {
                String sfx = suffix(layer, d);
                Map<String, Tensor> made = new LinkedHashMap<>();
                layerShapes(cell, layer == 0 ? inputSize : directions * outputSize(), hiddenSize, projSize, bias)
                        .forEach((name, shape) -> made.put(name,
                                register(name + sfx, Tensor.uniform(b.rng, dtype, -bound, bound, shape))));
                cell.startValues(made, hiddenSize);
                List<Tensor> own = new ArrayList<>(), matrices = new ArrayList<>();
                for (String p : cell.parameters()) own.add(made.get(p));
                for (String m : cell.matrices()) matrices.add(made.get(m));
                weights.add(new FusedSequence.Weights(made.get("weight_ih"), made.get("weight_hh"), made.get("bias_ih"),
                        made.get("bias_hh"), made.get("weight_hr"), own, matrices));
            }
        }
        this.dropoutRng = b.rng.fork();
        this.initRng = b.rng;
    }

    /** "_l{layer}", and "_reverse" for the second direction: PyTorch's parameter suffix. */
    private static String suffix(int layer, int direction) {
        return "_l" + layer + (direction == 1 ? "_reverse" : "");
    }

    /**
     * The parameters of one layer and direction, by PyTorch's name without the suffix, in PyTorch's order: the one
     * place that says which parameters a recurrent layer has and their shapes.
     */
    private static Map<String, int[]> layerShapes(CellDefinition cell, int in, int hidden, int proj, boolean bias) {
        int p = proj > 0 ? proj : hidden, gates = cell.blocks().size(), recurrent = cell.recurrentBlocks().size();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("weight_ih", new int[] {gates * hidden, in});
        shapes.put("weight_hh", new int[] {recurrent * hidden, p});
        if (bias) {
            shapes.put("bias_ih", new int[] {gates * hidden});
            shapes.put("bias_hh", new int[] {recurrent * hidden});
        }
        if (proj > 0) shapes.put("weight_hr", new int[] {proj, hidden});
        for (String own : cell.parameters()) shapes.put(own, new int[] {hidden});
        for (String matrix : cell.matrices()) shapes.put(matrix, new int[] {hidden, hidden});
        return shapes;
    }

    /**
     * Every parameter a layer of this config has, by name, without building it: so a checkpoint's config can be
     * checked against the tensors the file holds before anything is allocated.
     *
     * @param config a layer's config
     * @param available how many tensors the file holds; a config that needs another count is refused at once
     * @return the shapes by parameter name
     * @throws ArgumentException naming the config field that is out of range or does not fit
     */
    public static Map<String, int[]> parameterShapes(Map<String, Object> config, int available) {
        Config c = new Config("config", config);
        LayerKind kind = LayerKind.of(c.string("kind"));
        RecurrentBuilder<?, ?> b = kind.builder(c).common(c);
        CellDefinition cell = kind.cell(c);
        int proj = b.projSize;
        checkProjection("config", cell, proj, b.hiddenSize);
        int directions = b.bidirectional ? 2 : 1;
        int perLayer = 2 + (b.effectiveBias() ? 2 : 0) + (proj > 0 ? 1 : 0) + cell.parameters().size() + cell.matrices().size();
        long needed = (long) b.numLayers * directions * perLayer;
        if (needed != available) {
            throw new ArgumentException("config: field 'num_layers' (" + b.numLayers + ") with bidirectional "
                    + b.bidirectional + " and bias " + b.effectiveBias() + " needs " + needed + " tensors, the file holds " + available);
        }
        int p = proj > 0 ? proj : b.hiddenSize;
        Map<String, int[]> all = new LinkedHashMap<>();
        for (int layer = 0; layer < b.numLayers; layer++) {
            for (int d = 0; d < directions; d++) {
                String sfx = suffix(layer, d);
                layerShapes(cell, layer == 0 ? b.inputSize : directions * p, b.hiddenSize, proj, b.effectiveBias())
                        .forEach((name, shape) -> all.put(name + sfx, shape));
            }
        }
        return all;
    }

    /**
     * proj_size is a property of the cell, not of a kind of layer: h can be projected to fewer units (weight_hr)
     * wherever the cell's step reads h_{t−1} only through W_hh, as the LSTM's does and the GRU's (r ⊙ W_hn h, then
     * z ⊙ h) does not.
     */
    private static void checkProjection(String where, CellDefinition cell, int proj, int hidden) {
        if (proj < 0) throw new ArgumentException(where + ": proj_size must be >= 0, got " + proj);
        if (proj > 0 && proj >= hidden) {
            throw new ArgumentException(where + ": proj_size must be smaller than hidden_size, got " + proj);
        }
        if (proj > 0 && cell.readsHidden()) {
            throw new ArgumentException(where + ": proj_size " + proj + " is not possible with cell " + cell.name()
                    + ", whose step reads h_{t-1} itself (it must be hidden_size wide)");
        }
    }

    private void validateOptions() {
        String where = kind() + "(" + inputSize + ", " + hiddenSize + ")";
        if (inputSize <= 0) throw new ArgumentException(where + ": input_size must be positive, got " + inputSize);
        if (hiddenSize <= 0) throw new ArgumentException(where + ": hidden_size must be positive, got " + hiddenSize);
        if (numLayers <= 0) throw new ArgumentException(where + ": num_layers must be positive, got " + numLayers);
        // The largest tensor, weight_hh or weight_ih, must fit in one Java array; say so here, naming the option.
        checkProjection(where, cell, projSize, hiddenSize);
        long rows = (long) cell.blocks().size() * hiddenSize, widest = Math.max(inputSize, Math.max(directions, 1) * (long) outputSize());
        if (rows * widest > Integer.MAX_VALUE) {
            throw new ArgumentException(where + ": hidden_size " + hiddenSize + " (with input_size " + inputSize
                    + ") makes a weight of " + rows + " × " + widest + " = " + rows * widest
                    + " elements, more than one tensor can hold (" + Integer.MAX_VALUE + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new ArgumentException(where + ": dropout must be in [0, 1), got " + dropout);
        }
    }

    /** @return the cell every step of this layer runs */
    public CellDefinition cell() {
        return cell;
    }

    /** @return the layer's kind as configs and checkpoints name it: "LSTM", "GRU", "RNN" or "CellLayer" */
    public String kind() {
        return getClass().getSimpleName();
    }

    /**
     * P: the size of h, which is proj_size when set.
     *
     * @return proj_size when set, else hidden_size
     */
    public int outputSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    /**
     * @return H, the units of each layer
     */
    public int hiddenSize() {
        return hiddenSize;
    }

    /**
     * @return the features of each step of the input
     */
    public int inputSize() {
        return inputSize;
    }

    /**
     * @return the number of stacked layers
     */
    public int numLayers() {
        return numLayers;
    }

    /**
     * @return 2 for a bidirectional layer, else 1
     */
    public int directions() {
        return directions;
    }

    /**
     * @return whether inputs and outputs are [batch, time, features]
     */
    public boolean batchFirst() {
        return batchFirst;
    }

    // ---------------------------------------------------------------- forward

    /**
     * Runs the sequence from zero initial states.
     *
     * @param input the sequence, laid out as the class comment says
     * @return the output and the final states
     */
    public RecurrentOutput forward(Tensor input) {
        return forward(input, null, null);
    }

    /**
     * Runs a padded batch whose samples end at {@code lengths}.
     *
     * @param input the sequence, laid out as the class comment says
     * @param lengths each sample's length
     * @return the output (zero past each length) and the states at each sample's last step
     */
    public RecurrentOutput forward(Tensor input, int[] lengths) {
        return forward(input, null, lengths);
    }

    /**
     * Runs from {@code initial} states (either may be null for zeros), over samples of the given lengths (or null).
     *
     * @param input the sequence, laid out as the class comment says
     * @param initial the states to start from, or null for zeros
     * @param lengths each sample's length, or null
     * @return the output and the final states
     */
    public RecurrentOutput forward(Tensor input, RecurrentState initial, int[] lengths) {
        return forward(input, initial, lengths, isTraining(), null);
    }

    RecurrentOutput forward(Tensor input, RecurrentState initial, int[] lengths, boolean training,
            GateTrace trace) {
        return forward(input, initial, lengths, training, trace, null);
    }

    RecurrentOutput forward(Tensor input, RecurrentState initial, int[] lengths, boolean training,
            GateTrace trace, List<Intervention> interventions) {
        RecurrentOutput rows = forwardRows(input, initial, lengths, training, trace, interventions, true);
        int steps = batchFirst ? input.dim(1) : input.dim(0), batch = batchFirst ? input.dim(0) : input.dim(1);
        Tensor output = rows.output().reshape(steps, batch, rows.output().dim(1));
        return new RecurrentOutput(batchFirst ? Ops.swapAxes01(output) : output, rows.hN(), rows.cN(), cell.states());
    }

    /**
     * As {@link #forward(Tensor, RecurrentState, int[])}, but with the output left as the layers make it: time-major
     * rows [steps·batch, directions·proj], row t·batch + b for sample b at step t, whatever the layout of the input.
     * A head that reads only some steps picks its rows here and spares the batch-first copy of every step; one that
     * reads only the final states passes {@code wantOutput} false and gets a null output, sparing the top layer's Y.
     */
    RecurrentOutput forwardRows(Tensor input, RecurrentState initial, int[] lengths, boolean training, GateTrace trace,
            List<Intervention> interventions, boolean wantOutput) {
        checkInput(input);
        if (interventions != null && !interventions.isEmpty()) {
            if (dev.gatelab.autograd.Grad.isEnabled() && (input.requiresGrad() || parameters().stream().anyMatch(Tensor::requiresGrad))) {
                throw new ArgumentException(this + ": interventions run without a graph (predict, evaluate, trace, generate);"
                        + " a value that was set has no derivative of the equations to backpropagate");
            }
            Intervention.OnLayer.check(interventions, this);
        }
        Tensor seq = batchFirst ? Ops.swapAxes01(input) : input;
        int steps = seq.dim(0), batch = seq.dim(1), p = outputSize();
        Tensor h0 = initial == null ? null : initial.h();
        Tensor c0 = initial == null ? null : initial.c();
        checkState("h0", h0, batch, p);
        if (c0 != null && !cell.hasState()) {
            throw new ArgumentException(this + ": argument 'c0' is only for cells with a state; " + cell.name()
                    + " has none");
        }
        int stateWidth = cell.states().size() * hiddenSize;     // the cell's states side by side
        checkState("c0", c0, batch, stateWidth);
        checkLengths(lengths, batch, steps);
        boolean keepsSteps = trace != null || dev.gatelab.autograd.Grad.isEnabled() && (input.requiresGrad()
                || (h0 != null && h0.requiresGrad()) || (c0 != null && c0.requiresGrad())
                || parameters().stream().anyMatch(Tensor::requiresGrad));
        if (keepsSteps) checkMemory(steps, batch);
        Tensor h0Rows = h0 == null ? null : h0.reshape(numLayers * directions * batch, p);
        Tensor c0Rows = c0 == null ? null : c0.reshape(numLayers * directions * batch, stateWidth);

        Tensor layerInput = seq.reshape(steps * batch, seq.dim(2));
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] ys = new Tensor[directions];
            for (int d = 0; d < directions; d++) {
                int idx = layer * directions + d;
                Tensor h = h0Rows == null ? Tensor.zeros(dtype, batch, p) : Ops.slice(h0Rows, 0, idx * batch, (idx + 1) * batch);
                Tensor c = !cell.hasState() ? null
                        : c0Rows == null ? Tensor.zeros(dtype, batch, stateWidth)
                        : Ops.slice(c0Rows, 0, idx * batch, (idx + 1) * batch);
                Direction dir = d == 0 ? Direction.FORWARD : Direction.REVERSE;
                FusedSequence.Outputs out = FusedSequence.run(cell.compiled(), steps, batch, hiddenSize, layerInput, h, c,
                        weights.get(idx), lengths, d == 1, trace == null ? null : trace.recorder(layer, dir, cell, hiddenSize, p),
                        Intervention.OnLayer.of(interventions, layer, dir, this, steps), wantOutput || layer < numLayers - 1);
                ys[d] = out.y();
                hs.add(out.hN());
                if (c != null) cs.add(out.cN());
            }
            if (ys[0] == null) break; // the top layer, without its output: nothing reads it
            layerInput = directions == 2 ? Ops.concat(1, ys) : ys[0];
            if (dropout > 0 && training && layer < numLayers - 1) layerInput = Ops.dropout(layerInput, dropout, dropoutRng);
        }
        Tensor hN = Ops.concat(0, hs.toArray(new Tensor[0])).reshape(numLayers * directions, batch, p);
        Tensor cN = cs.isEmpty() ? null
                : Ops.concat(0, cs.toArray(new Tensor[0])).reshape(numLayers * directions, batch, stateWidth);
        return new RecurrentOutput(wantOutput ? layerInput : null, hN, cN, cell.states());
    }

    /**
     * What a forward keeps of every step for backward (or a trace), all layers and directions at once, against the
     * JVM's whole heap: a cell whose step keeps thousands of values is refused here, by name and size, rather than
     * failing with an OutOfMemoryError after minutes of allocation. (Only the whole heap: what is free now includes
     * garbage not yet collected, so a smaller bound would refuse runs that fit.)
     */
    private void checkMemory(int steps, int batch) {
        int kept = Math.max(1, cell.compiled().savedWidth()) + cell.states().size() + 1;
        long perStep = (long) batch * ((long) kept * hiddenSize + (projSize > 0 ? projSize : 0));
        long bytes = perStep * steps * numLayers * directions * (dtype == DType.FLOAT64 ? 8 : 4);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new ArgumentException(String.format(java.util.Locale.ROOT, "%s: a forward that keeps its steps for"
                    + " backward or a trace needs at least %.1f GB here (%d steps × batch %d × %d layer%s × %d"
                    + " direction%s; the cell '%s' keeps %d values per unit per step), more than this JVM's whole heap"
                    + " of %.1f GB (-Xmx); use shorter sequences (Trainer.carryState() with shorter chunks), a smaller"
                    + " batch, fewer units, or a cell that keeps fewer values", this, bytes / 1e9, steps, batch, numLayers,
                    numLayers == 1 ? "" : "s", directions, directions == 1 ? "" : "s", cell.name(), kept, heap / 1e9));
        }
    }

    // ---------------------------------------------------------------- gate tracing

    /**
     * Runs the layer once, in evaluation mode and without a graph, and records every step's gates and states. Nothing
     * is left on the layer: its mode and gradients are as they were.
     *
     * @param input the sequence, laid out as the class comment says
     * @return the trace
     */
    public GateTrace trace(Tensor input) {
        return trace(input, null);
    }

    /**
     * As {@link #trace(Tensor)}, for a padded batch.
     *
     * @param input the sequence, laid out as the class comment says
     * @param lengths each sample's length, or null when all use every step
     * @return the trace
     */
    public GateTrace trace(Tensor input, int[] lengths) {
        GateTrace trace = newTrace(input, lengths);
        try (dev.gatelab.autograd.Grad.Scope off = dev.gatelab.autograd.Grad.off()) {
            forward(input, null, lengths, false, trace);
        }
        return trace;
    }

    /** An empty trace for one forward over {@code input}; the forward given it fills it in. */
    GateTrace newTrace(Tensor input, int[] lengths) {
        checkInput(input);
        int steps = batchFirst ? input.dim(1) : input.dim(0), batch = batchFirst ? input.dim(0) : input.dim(1);
        checkLengths(lengths, batch, steps);
        return new GateTrace(toString(), numLayers, directions, steps, batch, lengths, tracedValues());
    }

    /** What a trace of this layer records: the cell's values, with h unbounded once a projection maps it linearly. */
    List<dev.gatelab.cell.TracedValue> tracedValues() {
        if (projSize == 0) return cell.tracedValues();
        return cell.tracedValues().stream().map(v -> v.name().equals("h") ? v.unbounded() : v).toList();
    }

    // ---------------------------------------------------------------- argument checks

    void checkInput(Tensor input) {
        String layout = batchFirst ? "[batch, time, input_size=" + inputSize + "] (batch_first)"
                : "[time, batch, input_size=" + inputSize + "]";
        if (input == null) throw new ArgumentException(this + ": argument 'input' is null; expected " + layout);
        if (input.rank() != 3) {
            throw new ArgumentException(this + ": argument 'input' must be 3-D " + layout + ", got shape "
                    + Shapes.text(input.shape()));
        }
        if (input.dim(2) != inputSize) {
            throw new ArgumentException(this + ": argument 'input' must have input_size=" + inputSize
                    + " features, got shape " + Shapes.text(input.shape()) + " (expected " + layout + ")");
        }
        if (input.dim(0) == 0 || input.dim(1) == 0) {
            throw new ArgumentException(this + ": argument 'input' is empty, shape " + Shapes.text(input.shape())
                    + "; expected at least one sample and one step");
        }
        // Every step's gates for the whole sequence live in one tensor: it must fit in one Java array.
        long rows = (long) input.dim(0) * input.dim(1), perRow = Math.max((long) cell.blocks().size() * hiddenSize,
                (long) directions * outputSize());
        if (rows * perRow > Integer.MAX_VALUE) {
            throw new ArgumentException(this + ": argument 'input' of shape " + Shapes.text(input.shape()) + " makes "
                    + rows + " steps × samples of " + perRow + " gate values = " + rows * perRow
                    + " elements, more than one tensor can hold (" + Integer.MAX_VALUE + "); split the sequence into"
                    + " chunks and carry the state (SequenceModel.step)");
        }
        if (input.dtype() != dtype) {
            throw new ArgumentException(this + ": argument 'input' is " + input.dtype() + " but the layer is "
                    + dtype + "; convert it with input.to(DType." + dtype + ")");
        }
        requireFinite("input", input);
    }

    /** NaN or infinity in, NaN out, everywhere after it: refuse it at the door, saying where it is. */
    private void requireFinite(String name, Tensor t) {
        int i = Engine.firstNonFinite(t);
        if (i < 0) return;
        int[] shape = t.shape(), index = new int[shape.length];
        for (int k = shape.length - 1, rest = i; k >= 0; k--) {
            index[k] = rest % shape[k];
            rest /= shape[k];
        }
        throw new ArgumentException(this + ": argument '" + name + "' holds " + t.get(i) + " at index "
                + Arrays.toString(index) + "; inputs must be finite");
    }

    private void checkState(String name, Tensor state, int batch, int size) {
        if (state == null) return;
        int[] expected = {numLayers * directions, batch, size};
        if (!Arrays.equals(state.shape(), expected)) {
            throw new ArgumentException(this + ": argument '" + name + "' expected shape " + Shapes.text(expected)
                    + " [num_layers*directions, batch, " + (name.equals("c0") ? (cell.states().size() > 1 ? cell.states().size()
                    + " states × hidden_size, side by side " + cell.states() : "hidden_size") : projSize > 0 ? "proj_size" : "hidden_size")
                    + "], got " + Shapes.text(state.shape()));
        }
        if (state.dtype() != dtype) {
            throw new ArgumentException(this + ": argument '" + name + "' is " + state.dtype() + " but the layer is " + dtype);
        }
        requireFinite(name, state);
    }

    private void checkLengths(int[] lengths, int batch, int steps) {
        if (lengths == null) return;
        if (lengths.length != batch) {
            throw new ArgumentException(this + ": argument 'lengths' has " + lengths.length
                    + " entries but the batch has " + batch + " samples");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new ArgumentException(this + ": argument 'lengths' entry " + b + " is " + lengths[b]
                        + "; each length must be in [1, " + steps + "] (the input's time dimension)");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append('(').append(inputSize).append(", ").append(hiddenSize);
        Map<String, Object> own = new LinkedHashMap<>();
        describe(own);
        own.forEach((k, v) -> {
            if (!v.equals(0) && !v.equals(Nonlinearity.TANH.torchName())) {
                sb.append(", ").append(k).append('=').append(v instanceof String ? "'" + v + "'" : v);
            }
        });
        if (numLayers != 1) sb.append(", num_layers=").append(numLayers);
        if (!bias) sb.append(", bias=False");
        if (batchFirst) sb.append(", batch_first=True");
        if (dropout != 0) sb.append(", dropout=").append(dropout);
        if (directions == 2) sb.append(", bidirectional=True");
        return sb.append(')').toString();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", kind());
        c.put("input_size", inputSize);
        c.put("hidden_size", hiddenSize);
        c.put("num_layers", numLayers);
        c.put("bias", bias);
        c.put("batch_first", batchFirst);
        c.put("dropout", dropout);
        c.put("bidirectional", directions == 2);
        if (!cell.readsHidden()) c.put("proj_size", projSize);     // a cell that could be projected says whether it is
        describe(c);
        c.put("dtype", dtype.name());
        return c;
    }

    /** Adds the options only this kind of layer has (PyTorch's names) to a config. */
    void describe(Map<String, Object> config) {}

    /**
     * Builds the layer a {@link #config()} describes, with fresh weights.
     *
     * @param config the map {@link #config()} gave, perhaps read back from a checkpoint
     * @return the layer
     * @throws ArgumentException naming the field that is missing, of the wrong type or out of range
     */
    public static Recurrent fromConfig(Map<String, Object> config) {
        Config c = new Config("config", config);
        Recurrent layer = fromConfig(c);
        c.refuseUnknown();
        return layer;
    }

    /** The layer a config describes, the fields it reads marked read (so that the caller can refuse the rest). */
    static Recurrent fromConfig(Config c) {
        return LayerKind.of(c.string("kind")).builder(c).common(c).build();
    }
}
