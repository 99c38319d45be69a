package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Layers applied one after another; the children are named "0", "1", … as in torch.nn.Sequential. */
public final class Sequential extends Module implements Layer {
    private final List<Layer> layers = new ArrayList<>();

    /**
     * @param layers the layers, applied in order
     */
    public Sequential(Layer... layers) {
        for (Layer layer : layers) add(layer);
    }

    /**
     * Appends a layer, which must be a Module so its parameters and mode are tracked.
     *
     * @param layer the next layer
     * @return this model
     */
    public Sequential add(Layer layer) {
        if (!(layer instanceof Module module)) {
            throw new ArgumentException("Sequential: layer " + layers.size() + " (" + layer
                    + ") is not a Module; wrap it in a Module subclass so its parameters are seen");
        }
        register(String.valueOf(layers.size()), module);
        layers.add(layer);
        return this;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer layer : layers) x = layer.forward(x);
        return x;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) sb.append("\n  (").append(i).append("): ").append(layers.get(i));
        return sb.append(layers.isEmpty() ? ")" : "\n)").toString();
    }
}
