package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the model tree: it owns named parameters and named child modules, and knows whether it is training.
 * Parameter names join with dots down the tree, as in PyTorch's state_dict ("0.weight_ih_l0").
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A module with no parameters and no children yet, in training mode; subclasses register theirs. */
    protected Module() {}

    /**
     * Adds a parameter; it is marked as needing a gradient.
     *
     * @param name the parameter's name (PyTorch's, where PyTorch has it)
     * @param parameter its tensor
     * @return the tensor
     */
    protected Tensor register(String name, Tensor parameter) {
        parameter.requiresGrad(true);
        parameters.put(name, parameter);
        return parameter;
    }

    /**
     * Adds a child module; its parameters join this one's under "name.".
     *
     * @param <M> the child's type
     * @param name the child's name
     * @param child the child
     * @return the child
     */
    protected <M extends Module> M register(String name, M child) {
        children.put(name, child);
        return child;
    }

    /**
     * Every parameter of this module and below, by its dotted name, in registration order.
     *
     * @return the parameters by dotted name
     */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>(parameters);
        children.forEach((childName, child) ->
                child.namedParameters().forEach((name, p) -> all.put(childName + "." + name, p)));
        return all;
    }

    /**
     * @return the parameters, in registration order
     */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * @return the child modules by name
     */
    public Map<String, Module> children() {
        return new LinkedHashMap<>(children);
    }

    /**
     * @return the number of elements of all parameters
     */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.size();
        return n;
    }

    /**
     * Puts this module and all below it in training mode (dropout active).
     *
     * @return this module
     */
    public Module train() {
        setTraining(true);
        return this;
    }

    /**
     * Puts this module and all below it in evaluation mode (dropout off).
     *
     * @return this module
     */
    public Module eval() {
        setTraining(false);
        return this;
    }

    private void setTraining(boolean on) {
        training = on;
        children.values().forEach(c -> c.setTraining(on));
    }

    /**
     * @return whether it is in training mode
     */
    public boolean isTraining() {
        return training;
    }

    /** Forgets every parameter's gradient. */
    public void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /**
     * The element type of the parameters (FLOAT32 for a module without any).
     *
     * @return FLOAT32 or FLOAT64
     */
    public DType dtype() {
        List<Tensor> ps = parameters();
        return ps.isEmpty() ? DType.defaultType() : ps.get(0).dtype();
    }

    /**
     * Copies values into the parameters by name. Every parameter must be given, with its shape; nothing is changed
     * unless all of them fit.
     *
     * @param state a tensor for every parameter, by dotted name
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = namedParameters();
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                throw new ArgumentException(getClass().getSimpleName() + ".loadStateDict: unexpected parameter '"
                        + name + "'; this model has " + own.keySet());
            }
        }
        own.forEach((name, p) -> {
            Tensor given = state.get(name);
            if (given == null) {
                throw new ArgumentException(getClass().getSimpleName() + ".loadStateDict: parameter '" + name
                        + "' of shape " + Shapes.text(p.shape()) + " is missing");
            }
            if (!java.util.Arrays.equals(given.shape(), p.shape())) {
                throw new ArgumentException(getClass().getSimpleName() + ".loadStateDict: parameter '" + name
                        + "' expected shape " + Shapes.text(p.shape()) + ", got " + Shapes.text(given.shape()));
            }
            if (given.dtype() != p.dtype()) {
                throw new ArgumentException(getClass().getSimpleName() + ".loadStateDict: parameter '" + name
                        + "' expected dtype " + p.dtype() + ", got " + given.dtype());
            }
        });
        own.forEach((name, p) -> p.assign(state.get(name).toArray()));
    }

    /**
     * What it takes to build this module again (its kind and constructor options), saved beside the weights so a
     * checkpoint can be loaded without the code that made it. Modules that cannot be rebuilt that way return null.
     *
     * @return the kind and the options, or null
     */
    public Map<String, Object> config() {
        return null;
    }

    /**
     * One line per parameter (name, shape, count) and the total, for printing in a notebook.
     *
     * @return the summary
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(toString()).append('\n');
        namedParameters().forEach((name, p) -> sb.append(String.format("  %-24s %-16s %,d%n", name,
                Shapes.text(p.shape()), p.size())));
        return sb.append(String.format("  %-24s %-16s %,d%n", "total", "", parameterCount())).toString();
    }
}
