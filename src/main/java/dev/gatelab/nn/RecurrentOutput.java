package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import java.util.List;

/**
 * What a recurrent layer returns, as PyTorch does: {@code output} holds the last layer's h at every step ([batch,
 * time, directions·size] with batch_first, else [time, batch, …]; zero past each sample's length), {@code hN} and
 * {@code cN} the final states of every layer and direction ([layers·directions, batch, …]). cN holds the cell's
 * states besides h side by side, [layers·directions, batch, states·hidden]: the LSTM's c, or a cell's several
 * ({@link #state(String)} picks one by name); it is null for a cell without one (GRU, RNN).
 *
 * @param output the last layer's h at every step
 * @param hN the final h of every layer and direction
 * @param cN the final states besides h of every layer and direction, side by side, or null
 * @param stateNames the names of the states in cN, in their order
 */
public record RecurrentOutput(Tensor output, Tensor hN, Tensor cN, List<String> stateNames) {
    /**
     * An output whose cN is the LSTM's c alone, or null.
     *
     * @param output the last layer's h at every step
     * @param hN the final h of every layer and direction
     * @param cN the final c, or null
     */
    public RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
        this(output, hN, cN, cN == null ? List.of() : List.of("c"));
    }

    /**
     * @return hN and cN, to start another forward from
     */
    public RecurrentState state() {
        return new RecurrentState(hN, cN);
    }

    /**
     * One of the cell's final states, by name: "h", or a state the cell declares.
     *
     * @param name "h" or a state's name
     * @return [layers·directions, batch, hidden] (h: [layers·directions, batch, proj or hidden])
     * @throws ArgumentException naming the states there are, for another name
     */
    public Tensor state(String name) {
        if (name.equals("h")) return hN;
        int k = stateNames.indexOf(name);
        if (k < 0) throw new ArgumentException("RecurrentOutput: no state '" + name + "'; the states are h and " + stateNames);
        if (stateNames.size() == 1) return cN;
        int width = cN.dim(2) / stateNames.size();
        return Ops.slice(cN, 2, k * width, (k + 1) * width);
    }
}
