package dev.gatelab.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.io.AtomicFiles;
import dev.gatelab.nn.Module;
import dev.gatelab.nn.Recurrent;
import dev.gatelab.nn.SequenceModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any Gatelab model as a PyTorch module, for training where PyTorch runs (GPUs, DistributedDataParallel, several
 * machines) and coming back to Gatelab to look inside. The module is one self-contained Python file:
 * <ul>
 *   <li>the cell's step as a class of its own, the equations of its definition one line each ({@link CellSource}),
 *       for the built-in cells (every LSTM variant, the GRU, the Elman RNN) and any user cell alike;</li>
 *   <li>the layers, stacked and bidirectional, with lengths, proj_size, dropout between layers, and the head of a
 *       {@link SequenceModel}, every parameter under its Gatelab name and shape, so a state_dict is a checkpoint's
 *       tensors;</li>
 *   <li>{@code load_gatelab(path)}, which builds the model from a checkpoint {@code ModelIO.save} wrote, and
 *       {@code save_gatelab(model, path)}, which writes one {@code ModelIO.load} reads back.</li>
 * </ul>
 * It runs in PyTorch 1.13 and later, eagerly or under {@code torch.jit.script}, on any device.
 *
 * <pre>{@code
 * ModelIO.save(Path.of("model.safetensors"), model);
 * PyTorchExport.write(Path.of("model_torch.py"), model);
 * // python: import model_torch; m = model_torch.load_gatelab("model.safetensors"); … train …
 * //         model_torch.save_gatelab(m, "trained.safetensors")
 * SequenceModel trained = ModelIO.load(Path.of("trained.safetensors"), SequenceModel.class).model();
 * }</pre>
 *
 * What the file cannot express is refused before anything is written: a module other than a SequenceModel or a
 * recurrent layer, a model with interventions, an operation with no PyTorch form.
 */
public final class PyTorchExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PyTorchExport() {}

    /**
     * Writes the module's source to a file, whole or not at all.
     *
     * @param file the .py file (its name, less .py, is what Python imports)
     * @param model a {@link SequenceModel} or a recurrent layer
     * @throws IOException when the file cannot be written
     * @throws ArgumentException naming what the export does not cover, before anything is written
     */
    public static void write(Path file, Module model) throws IOException {
        String name = file.getFileName().toString();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*\\.py")) {
            throw new ArgumentException("PyTorchExport.write: the file's name must be a Python module's name ending in .py"
                    + " (letters, digits, _), got '" + name + "'");
        }
        AtomicFiles.write(file, source(model).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The module's source.
     *
     * @param model a {@link SequenceModel} or a recurrent layer
     * @return Python source
     * @throws ArgumentException naming what the export does not cover
     */
    public static String source(Module model) {
        Recurrent layers;
        SequenceModel sequence = null;
        if (model instanceof SequenceModel m) {
            if (!m.interventions().isEmpty()) {
                throw new ArgumentException("PyTorchExport: the model runs with interventions " + m.interventions()
                        + ", which the export does not carry; export the model as trained, without with(…)");
            }
            sequence = m;
            layers = m.recurrent();
        } else if (model instanceof Recurrent r) {
            layers = r;
        } else {
            throw new ArgumentException("PyTorchExport: exports a SequenceModel or a recurrent layer (RNN, LSTM, GRU,"
                    + " CellLayer), got " + (model == null ? "null" : model.getClass().getSimpleName()));
        }
        CellDefinition cell = layers.cell();
        String cellClass = cell.name() + "Cell";
        StringBuilder py = new StringBuilder();
        py.append(header(model, layers, sequence != null));
        py.append(runtime()).append("\n\n");
        py.append(CellSource.of(cell, cellClass));
        py.append(layersClass(layers, cellClass, sequence == null ? "Model" : "Recurrent"));
        if (sequence != null) py.append(modelClass(sequence, layers));
        py.append(checkpoints(model.dtype(), sequence != null));
        return py.toString();
    }

    private static String header(Module model, Recurrent layers, boolean sequence) {
        String config;
        try {
            config = JSON.writeValueAsString(model.config());
        } catch (IOException e) {
            throw new IllegalStateException("a config is maps, lists, strings and numbers", e);
        }
        return "\"\"\"" + (sequence ? "SequenceModel of " : "") + layers + ", cell " + layers.cell().name()
                + ": a Gatelab model as a PyTorch module.\n\n"
                + "Written by Gatelab's PyTorchExport. The parameters carry Gatelab's names and shapes, so\n"
                + "load_gatelab(path) reads a checkpoint ModelIO.save wrote, and save_gatelab(model, path) writes one\n"
                + "ModelIO.load reads back. The cell's step is " + layers.cell().name() + "Cell.step below.\n\n"
                + "    model = load_gatelab(\"model.safetensors\")\n"
                + (sequence ? "    prediction = model(x, lengths)          # x [batch, time, features]; lengths optional\n"
                        : "    output, states = model(x, lengths)      # states: h_n and the cell's own, as Gatelab's\n")
                + "    save_gatelab(model, \"trained.safetensors\")\n"
                + "\"\"\"\n"
                + "import json\nimport math\nimport os\nimport struct\nimport tempfile\nfrom typing import Dict, List, Optional, Tuple\n\n"
                + "import torch\nimport torch.nn.functional as F\nfrom torch import Tensor, nn\n\n"
                + "# The model's Gatelab config, written into every checkpoint save_gatelab makes.\n"
                + "CONFIG = " + pyString(config) + "\n\n";
    }

    private static String runtime() {
        return dev.gatelab.Resources.text(PyTorchExport.class, "runtime.py");
    }

    /** The stacked, perhaps bidirectional layers: explicit per layer and direction, as TorchScript needs. */
    private static String layersClass(Recurrent r, String cellClass, String className) {
        Map<String, Object> config = r.config();
        CellDefinition cell = r.cell();
        int layers = r.numLayers(), dirs = r.directions(), hidden = r.hiddenSize(), proj = r.outputSize();
        boolean bias = (Boolean) config.get("bias"), batchFirst = r.batchFirst(), projected = proj != hidden;
        double dropout = ((Number) config.get("dropout")).doubleValue();
        int blocks = cell.blocks().size();
        List<String> states = cell.states();
        StringBuilder stateList = new StringBuilder(), stateShapes = new StringBuilder(), initial = new StringBuilder();
        for (String st : states) {
            stateList.append(", ").append(st).append("_n");
            stateShapes.append(", ").append(st).append("_n [").append(layers * dirs).append(", batch, ").append(hidden).append("]");
            initial.append(", ").append(st).append("0");
        }
        StringBuilder s = new StringBuilder();
        s.append("class ").append(className).append("(nn.Module):\n");
        s.append("    \"\"\"").append(r).append(".\n\n");
        s.append("    Input [").append(batchFirst ? "batch, time" : "time, batch").append(", ").append(r.inputSize())
                .append("]; output [").append(batchFirst ? "batch, time" : "time, batch").append(", ").append(dirs * proj)
                .append("]; states [h_n").append(stateList).append("], h_n [")
                .append(layers * dirs).append(", batch, ").append(proj).append("]").append(stateShapes)
                .append(".\n    \"\"\"\n\n");
        s.append("    def __init__(self, dtype: torch.dtype = ").append(torchType(r.dtype())).append("):\n");
        s.append("        super().__init__()\n        self.cell = ").append(cellClass).append("()\n");
        for (Map.Entry<String, Tensor> e : r.namedParameters().entrySet()) {
            s.append("        self.").append(e.getKey()).append(" = nn.Parameter(torch.empty(")
                    .append(shape(e.getValue())).append(", dtype=dtype))\n");
        }
        s.append("        self.reset_parameters()\n\n");

        s.append("    def reset_parameters(self) -> None:\n");
        s.append("        \"\"\"Gatelab's start: every weight U(-1/sqrt(H), 1/sqrt(H)), then the cell's own starting values.\"\"\"\n");
        s.append("        bound = 1 / math.sqrt(").append(hidden).append(")\n");
        s.append("        with torch.no_grad():\n");
        s.append("            for p in self.parameters():\n                p.uniform_(-bound, bound)\n");
        for (int layer = 0; layer < layers; layer++) {
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
                if (bias) {
                    for (Map.Entry<String, Double> e : cell.initialBias().entrySet()) {
                        int k = cell.blocks().indexOf(e.getKey()), kh = cell.recurrentBlocks().indexOf(e.getKey());
                        s.append("            self.bias_ih").append(sfx).append("[").append(k * hidden).append(":")
                                .append((k + 1) * hidden).append("] = ").append(pyNumber(e.getValue()))
                                .append("  # block ").append(e.getKey()).append('\n');
                        if (kh >= 0) {
                            s.append("            self.bias_hh").append(sfx).append("[").append(kh * hidden).append(":")
                                    .append((kh + 1) * hidden).append("] = 0.0\n");
                        }
                    }
                }
                for (Map.Entry<String, Double> e : cell.initialParameters().entrySet()) {
                    s.append("            self.").append(e.getKey()).append(sfx).append(".fill_(").append(pyNumber(e.getValue())).append(")\n");
                }
            }
        }
        s.append('\n');

        s.append("    def forward(self, x: Tensor, lengths: Optional[Tensor] = None,\n");
        s.append("                states: Optional[List[Tensor]] = None) -> Tuple[Tensor, List[Tensor]]:\n");
        s.append("        \"\"\"lengths: each sample's length (int64 [batch]), or None; states: [h0").append(initial)
                .append("], or None for zeros.\"\"\"\n");
        if (batchFirst) s.append("        x = x.transpose(0, 1)\n");
        s.append("        steps, batch = x.size(0), x.size(1)\n");
        s.append("        if lengths is not None:\n");
        s.append("            if lengths.dim() != 1 or lengths.size(0) != batch or bool((lengths < 1).any()) or bool((lengths > steps).any()):\n");
        s.append("                raise ValueError(\"lengths must be \" + str(batch) + \" values in [1, \" + str(steps) + \"] (the input's\"\n");
        s.append("                                 \" time dimension), got \" + str(lengths))\n");
        s.append("            lengths = lengths.to(x.device)\n");
        s.append("        if states is None:\n");
        s.append("            states = [torch.zeros(").append(layers * dirs).append(", batch, ").append(proj)
                .append(", dtype=x.dtype, device=x.device)");
        for (int k = 0; k < states.size(); k++) {
            s.append(",\n                      torch.zeros(").append(layers * dirs).append(", batch, ").append(hidden)
                    .append(", dtype=x.dtype, device=x.device)");
        }
        s.append("]\n");
        s.append("        h_n: List[Tensor] = []\n");
        for (String st : states) s.append("        ").append(st).append("_n: List[Tensor] = []\n");
        for (int layer = 0; layer < layers; layer++) {
            s.append("        # layer ").append(layer).append('\n');
            List<String> outs = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
                int row = layer * dirs + d;
                String out = d == 0 ? "forward" : "backward";
                outs.add(out);
                s.append("        ").append(out).append(", h, s = self.cell(x, states[0][").append(row).append("], [")
                        .append(String.join(", ", java.util.stream.IntStream.range(0, states.size())
                                .mapToObj(k -> "states[" + (k + 1) + "][" + row + "]").toList())).append("],\n");
                s.append("                                 self.weight_ih").append(sfx).append(", self.weight_hh").append(sfx)
                        .append(", ").append(bias ? "self.bias_ih" + sfx + ", self.bias_hh" + sfx : "None, None").append(", ")
                        .append(projected ? "self.weight_hr" + sfx : "None").append(",\n");
                s.append("                                 [");
                List<String> own = new ArrayList<>();
                for (String p : cell.parameters()) own.add("self." + p + sfx);
                for (String m : cell.matrices()) own.add("self." + m + sfx);
                s.append(String.join(", ", own)).append("], lengths, ").append(d == 1 ? "True" : "False").append(", ")
                        .append(blocks).append(", ").append(cell.recurrentBlocks().size()).append(")\n");
                s.append("        h_n.append(h)\n");
                for (int k = 0; k < states.size(); k++) {
                    s.append("        ").append(states.get(k)).append("_n.append(s[").append(k).append("])\n");
                }
            }
            s.append("        x = ").append(dirs == 1 ? outs.get(0) : "torch.cat([" + String.join(", ", outs) + "], 2)").append('\n');
            if (dropout > 0 && layer < layers - 1) {
                s.append("        x = F.dropout(x, ").append(pyNumber(dropout)).append(", self.training)\n");
            }
        }
        s.append("        return ").append(batchFirst ? "x.transpose(0, 1)" : "x").append(", [torch.stack(h_n)")
                .append(String.join("", states.stream().map(st -> ", torch.stack(" + st + "_n)").toList())).append("]\n\n\n");
        return s.toString();
    }

    private static String modelClass(SequenceModel m, Recurrent r) {
        Map<String, Object> config = m.config();
        boolean lastStep = "LAST_STEP".equals(config.get("head"));
        int outputs = ((Number) config.get("outputs")).intValue(), width = r.directions() * r.outputSize();
        StringBuilder s = new StringBuilder();
        s.append("class Model(nn.Module):\n");
        s.append("    \"\"\"Gatelab's SequenceModel: the recurrent layers, then a Linear head on ")
                .append(lastStep ? "each sample's last step" : "every step").append(".\"\"\"\n\n");
        s.append("    def __init__(self, dtype: torch.dtype = ").append(torchType(r.dtype())).append("):\n");
        s.append("        super().__init__()\n        self.rnn = Recurrent(dtype)\n");
        s.append("        self.head = nn.Linear(").append(width).append(", ").append(outputs).append(", dtype=dtype)\n\n");
        s.append("    def forward(self, x: Tensor, lengths: Optional[Tensor] = None) -> Tensor:\n");
        s.append("        \"\"\"x [batch, time, ").append(r.inputSize()).append("], lengths int64 [batch] or None: [batch, ")
                .append(lastStep ? "" : "time, ").append(outputs).append("].\"\"\"\n");
        s.append("        if lengths is not None:\n            lengths = lengths.to(x.device)\n");
        s.append("        y, _ = self.rnn(x, lengths)\n");
        if (lastStep) {
            s.append("        rows = torch.arange(y.size(0), device=y.device)\n");
            s.append("        last = lengths - 1 if lengths is not None else torch.full_like(rows, y.size(1) - 1)\n");
            s.append("        y = y[rows, last]\n");
        }
        s.append("        return self.head(y)\n\n\n");
        return s.toString();
    }

    private static String checkpoints(DType dtype, boolean sequence) {
        return """
                def _config_of(dtype: torch.dtype) -> str:
                    \"\"\"CONFIG with the dtype the weights now have (a model exported in float64 may train in float32).\"\"\"
                    config = json.loads(CONFIG)
                    %s["dtype"] = "FLOAT32" if dtype == torch.float32 else "FLOAT64"
                    return json.dumps(config, separators=(",", ":"))


                def _without_dtype(config: str) -> dict:
                    c = json.loads(config)
                    c.pop("dtype", None)
                    if isinstance(c.get("rnn"), dict):
                        c["rnn"].pop("dtype", None)
                    return c


                def load_gatelab(path: str) -> Model:
                    \"\"\"The model with the weights of a checkpoint Gatelab's ModelIO.save (or save_gatelab) wrote.

                    The checkpoint must be of this model: models of other equations can have the same parameter names and
                    shapes (an LSTM and its NIAF variant, two heads), so its config is compared with CONFIG first.
                    \"\"\"
                    tensors, metadata = load_safetensors(path)
                    saved = metadata.get("gatelab.config")
                    if saved is None:
                        raise ValueError(f"{path}: no 'gatelab.config' in its metadata; it was not saved by ModelIO or save_gatelab")
                    if _without_dtype(saved) != _without_dtype(CONFIG):
                        raise ValueError(f"{path}: it holds another model than this module was exported from:\\n  saved:    "
                                         f"{saved}\\n  exported: {CONFIG}\\nexport the model again (PyTorchExport.write)")
                    weights = {k: v for k, v in tensors.items() if not k.startswith("optimizer.")}
                    model = Model(next(iter(weights.values())).dtype if weights else %s)
                    model.load_state_dict(weights)
                    return model


                def save_gatelab(model: nn.Module, path: str) -> None:
                    \"\"\"A checkpoint Gatelab's ModelIO.load reads back: the weights (of a DDP-wrapped model too) and CONFIG.\"\"\"
                    model = getattr(model, "module", model)
                    weights = model.state_dict()
                    dtype = next(iter(weights.values())).dtype
                    save_safetensors(path, weights, {"format": "pt", "gatelab.config": _config_of(dtype)})
                """.formatted(sequence ? "config[\"rnn\"]" : "config", torchType(dtype));
    }

    private static String shape(Tensor t) {
        List<String> dims = new ArrayList<>();
        for (int d : t.shape()) dims.add(Integer.toString(d));
        return String.join(", ", dims);
    }

    private static String torchType(DType dtype) {
        return dtype == DType.FLOAT32 ? "torch.float32" : "torch.float64";
    }

    /** A double as Python reads it back exactly (Java's shortest repr is also Python's float syntax). */
    private static String pyNumber(double v) {
        return Double.toString(v);
    }

    /** A Python string literal: quotes, backslashes and anything outside printable ASCII escaped. */
    static String pyString(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) sb.append(c);
            else sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.append('"').toString();
    }
}
