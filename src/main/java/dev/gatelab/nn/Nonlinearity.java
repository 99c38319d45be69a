package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import java.util.Arrays;

/** The activation of a plain {@link RNN}, as torch.nn.RNN's {@code nonlinearity}: tanh (the default) or relu. */
public enum Nonlinearity {
    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    TANH(dev.gatelab.cell.ElmanEquations.TANH),
    /** h' = max(0, W_ih x + b_ih + W_hh h + b_hh). */
    RELU(dev.gatelab.cell.ElmanEquations.RELU);

    private final dev.gatelab.cell.CellDefinition cell;

    Nonlinearity(dev.gatelab.cell.CellDefinition cell) {
        this.cell = cell;
    }

    /** @return the Elman cell with this activation, which RNN and RNNCell run */
    public dev.gatelab.cell.CellDefinition cell() {
        return cell;
    }

    /**
     * PyTorch's spelling: "tanh" or "relu".
     *
     * @return "tanh" or "relu"
     */
    public String torchName() {
        return name().toLowerCase();
    }

    /**
     * The nonlinearity PyTorch calls {@code name}.
     *
     * @param name "tanh" or "relu"
     * @return the matching constant
     * @throws ArgumentException for any other name
     */
    public static Nonlinearity fromTorchName(String name) {
        for (Nonlinearity n : values()) if (n.torchName().equals(name)) return n;
        throw new ArgumentException("RNN: nonlinearity must be one of " + Arrays.toString(
                Arrays.stream(values()).map(Nonlinearity::torchName).toArray()) + ", got '" + name + "'");
    }
}
