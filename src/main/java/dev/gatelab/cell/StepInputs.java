package dev.gatelab.cell;

/**
 * What one step of a cell reads, by name: the blocks' pre-activations, the previous states and the per-unit parameters,
 * and the products by its matrices. Each is [batch, hidden_size] (a parameter is one value per unit, the same for
 * every sample).
 */
public interface StepInputs {
    /**
     * A block's pre-activation, W_ih·x + b_ih + W_hh·h + b_hh for its rows: what a gate's activation is applied to.
     *
     * @param block a block the definition declares ({@link CellDefinition.Builder#blocks})
     * @return its pre-activation
     */
    Expr preActivation(String block);

    /**
     * The input's part of a block's pre-activation alone, W_ih·x + b_ih (the GRU keeps it apart from the hidden part).
     *
     * @param block a declared block
     * @return the input's part
     */
    Expr inputPart(String block);

    /**
     * The hidden state's part of a block's pre-activation alone, W_hh·h + b_hh.
     *
     * @param block a declared block
     * @return the hidden state's part
     */
    Expr hiddenPart(String block);

    /**
     * The previous value of the cell's state (the LSTM's c).
     *
     * @param name the state the definition declares
     * @return its value at the previous step
     */
    Expr state(String name);

    /** @return h_{t−1}, the previous hidden state itself (the GRU's z ⊙ h_{t−1}) */
    Expr hidden();

    /**
     * A per-unit weight of the cell (a peephole), broadcast over the batch.
     *
     * @param name a parameter the definition declares
     * @return its value
     */
    Expr parameter(String name);

    /**
     * x·Wᵀ for a hidden_size × hidden_size weight W the definition declares ({@link CellDefinition.Builder#matrix}):
     * a product inside the step, as {@code F.linear(x, W)} without a bias. x may be any value of the step: one it has
     * computed (the multiplicative LSTM's m_t), a previous state or h_{t−1}.
     *
     * @param matrix a matrix the definition declares
     * @param x a value of this step
     * @return x·Wᵀ, [batch, hidden_size]
     */
    Expr linear(String matrix, Expr x);
}
