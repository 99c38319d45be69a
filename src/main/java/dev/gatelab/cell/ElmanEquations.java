package dev.gatelab.cell;

/** The Elman network, as torch.nn.RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or relu. One block, "h". */
public final class ElmanEquations {
    private ElmanEquations() {}

    /** h' = tanh(z). */
    public static final CellDefinition TANH = CellDefinition.builtIn("RNN_TANH").blocks("h")
            .step(in -> Step.of(in.preActivation("h").tanh()))
            .build();

    /** h' = relu(z). */
    public static final CellDefinition RELU = CellDefinition.builtIn("RNN_RELU").blocks("h")
            .step(in -> Step.of(in.preActivation("h").relu()))
            .build();
}
