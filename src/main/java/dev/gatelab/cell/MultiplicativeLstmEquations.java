package dev.gatelab.cell;

/**
 * The multiplicative LSTM of Krause et al. (2016), "Multiplicative LSTM for sequence modelling": an LSTM whose gates
 * see h_{t−1} only through m_t, a product of the input's and the hidden state's projections, so that each input
 * gives the recurrence a transition of its own.
 * <pre>
 *   m = (W_mx x + b_m) ⊙ (W_mh h_{t−1} + b_hm)
 *   i = σ(W_ix x + b_i + W_im m)     f = σ(W_fx x + b_f + W_fm m)     o = σ(W_ox x + b_o + W_om m)
 *   g = tanh(W_gx x + b_g + W_gm m)  c_t = f ⊙ c_{t−1} + i ⊙ g        h_t = o ⊙ tanh(c_t)
 * </pre>
 * Blocks m, i, f, g, o: weight_ih holds W_mx and the four W_·x; weight_hh holds W_mh alone (hidden_size rows), as the
 * gates read no hidden part of their own; the matrices weight_im, weight_fm, weight_gm and weight_om are the W_·m.
 * The candidate g has tanh, as the LSTM's.
 */
public final class MultiplicativeLstmEquations {
    private MultiplicativeLstmEquations() {}

    /** The definition: blocks m, i, f, g, o; state c; matrices weight_im, weight_fm, weight_gm, weight_om. */
    public static final CellDefinition DEFINITION = CellDefinition.builtIn("mLSTM").blocks("m", "i", "f", "g", "o")
            .recurrentBlocks("m").state("c").matrix("weight_im").matrix("weight_fm").matrix("weight_gm").matrix("weight_om")
            .step(in -> {
                Expr m = in.inputPart("m").mul(in.hiddenPart("m"));
                Expr i = in.inputPart("i").add(in.linear("weight_im", m)).sigmoid();
                Expr f = in.inputPart("f").add(in.linear("weight_fm", m)).sigmoid();
                Expr g = in.inputPart("g").add(in.linear("weight_gm", m)).tanh();
                Expr o = in.inputPart("o").add(in.linear("weight_om", m)).sigmoid();
                Expr c = f.mul(in.state("c")).add(i.mul(g));
                return Step.of(o.mul(c.tanh())).state("c", c).gate("m", m).gate("i", i).gate("f", f).gate("g", g).gate("o", o);
            })
            .build();
}
