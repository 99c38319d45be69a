package dev.gatelab.cell;

/** The Elman network, as torch.nn.RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or relu. One block, "h". */
public final class Elman {
    private Elman() {}

    /** h' = tanh(z). */
    public static final CellDefinition TANH = CellDefinition.builtIn("RNN_TANH").gates("h")
            .step(in -> Step.of(in.gate("h").tanh()))
            .build();

    /** h' = relu(z). */
    public static final CellDefinition RELU = CellDefinition.builtIn("RNN_RELU").gates("h")
            .step(in -> Step.of(in.gate("h").relu()))
            .build();
}
