package dev.gatelab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every kind of module a config or checkpoint names, and the one way to read one: a {@link SequenceModel} ("kind":
 * "SequenceModel", its layer under "rnn") or a recurrent layer ("kind": one of {@link LayerKind}). {@code ModelIO}
 * checks and builds what a file holds through here, and the tests iterate {@link #kinds()}.
 */
public final class Modules {
    private Modules() {}

    /** @return every kind a config may name: "SequenceModel", then each {@link LayerKind} */
    public static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of(SequenceModel.KIND));
        for (LayerKind k : LayerKind.values()) kinds.add(k.name());
        return kinds;
    }

    /**
     * Builds the module a config describes, with fresh weights.
     *
     * @param config what {@link Module#config()} gave, perhaps read back from a file
     * @return the module
     * @throws dev.gatelab.ArgumentException naming the field that is missing, of the wrong type or out of range
     */
    public static Module fromConfig(Map<String, Object> config) {
        return isSequenceModel(config) ? SequenceModel.fromConfig(config) : Recurrent.fromConfig(config);
    }

    /**
     * Every parameter a module of this config has, by name, without building it: so that a file's config can be
     * checked against the tensors it holds before anything is allocated.
     *
     * @param config what {@link Module#config()} gave, perhaps read back from a file
     * @param available how many tensors the file holds; a config that needs another count is refused at once
     * @return the shapes by parameter name
     * @throws dev.gatelab.ArgumentException naming the config field that is out of range or does not fit
     */
    public static Map<String, int[]> parameterShapes(Map<String, Object> config, int available) {
        return isSequenceModel(config) ? SequenceModel.parameterShapes(config, available)
                : Recurrent.parameterShapes(config, available);
    }

    private static boolean isSequenceModel(Map<String, Object> config) {
        return SequenceModel.KIND.equals(config.get("kind"));
    }
}
