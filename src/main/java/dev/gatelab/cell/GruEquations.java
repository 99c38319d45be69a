package dev.gatelab.cell;

/**
 * The gated recurrent unit (Cho et al. 2014) as PyTorch computes it: r = σ(z_r), z = σ(z_z),
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h. The reset gate multiplies W_hn h + b_hn,
 * as in PyTorch and cuDNN, not W_hn (r ⊙ h).
 */
public final class GruEquations {
    private GruEquations() {}

    /** The definition, blocks r, z, n. */
    public static final CellDefinition DEFINITION = CellDefinition.builtIn("GRU").blocks("r", "z", "n")
            .step(in -> {
                Expr r = in.preActivation("r").sigmoid();
                Expr z = in.preActivation("z").sigmoid();
                Expr n = in.inputPart("n").add(r.mul(in.hiddenPart("n"))).tanh();
                Expr h = z.oneMinus().mul(n).add(z.mul(in.hidden()));
                return Step.of(h).gate("r", r).gate("z", z).gate("n", n);
            })
            .build();
}
