package dev.gatelab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.ElmanEquations;
import dev.gatelab.cell.GruEquations;
import dev.gatelab.cell.LstmVariant;
import dev.gatelab.cell.MultiplicativeLstmEquations;
import dev.gatelab.engine.CompiledCell.Buffer;
import dev.gatelab.kernel.GateKernels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compiled step gives the same bits on the vectorised and the plain-Java kernels, forward and backward, for every
 * built-in cell and variant, with hidden sizes that leave tails and rows read from inside sequence-long arrays.
 */
class CellStepTest {
    static List<CellDefinition> cells() {
        LstmVariant s = LstmVariant.STANDARD;
        return List.of(s.definition(), s.peepholes().definition(), s.withoutInputGate().definition(),
                s.withoutForgetGate().definition(), s.withoutOutputGate().definition(), s.withoutInputActivation().definition(),
                s.withoutOutputActivation().definition(), s.coupledGates().peepholes().definition(),
                s.layerNorm().definition(), s.layerNorm().peepholes().forgetBias(1).definition(), GruEquations.DEFINITION,
                ElmanEquations.TANH, ElmanEquations.RELU, MultiplicativeLstmEquations.DEFINITION);
    }

    private static List<Tensor> run(CellDefinition def, int hidden, GateKernels.Impl kernels) {
        CompiledCell c = def.compiled();
        int rows = 3, width = c.blocks() * hidden, at = 2 * width + 3;
        Rng r = new Rng(hidden);
        List<Tensor> params = new ArrayList<>();
        for (int p = 0; p < c.parameters(); p++) params.add(Tensor.randn(r, DType.FLOAT32, hidden));
        List<Tensor> matrices = new ArrayList<>();
        for (int m = 0; m < c.matrices(); m++) matrices.add(Tensor.randn(r, DType.FLOAT32, hidden, hidden));
        Tensor xg = Tensor.randn(r, DType.FLOAT32, 5 * rows * width), hg = Tensor.randn(r, DType.FLOAT32, rows, c.recurrentBlocks() * hidden);
        Tensor hPrev = Tensor.randn(r, DType.FLOAT32, rows, hidden), cPrev = Tensor.randn(r, DType.FLOAT32, rows, hidden);
        Tensor saved = Tensor.zeros(DType.FLOAT32, rows, Math.max(1, c.savedWidth()) * hidden);
        Tensor state = Tensor.zeros(DType.FLOAT32, rows, hidden), m = Tensor.zeros(DType.FLOAT32, rows, hidden);
        CellStep step = new CellStep(c, rows, hidden, DType.FLOAT32, params, matrices, null, kernels);
        step.bind(Buffer.INPUT_PART, xg, at).bind(Buffer.HIDDEN_PART, hg).bind(Buffer.H_PREV, hPrev).bind(Buffer.SAVED, saved)
                .bind(Buffer.HIDDEN, m).bind(Buffer.STATE_PREV, cPrev).bind(Buffer.STATE, state).forward();
        Tensor dm = Tensor.randn(r, DType.FLOAT32, rows, hidden), dcNext = Tensor.randn(r, DType.FLOAT32, rows, hidden);
        Tensor dxg = Tensor.zeros(DType.FLOAT32, 5 * rows * width), dhg = Tensor.zeros(DType.FLOAT32, 5 * rows * width);
        Tensor dcPrev = Tensor.zeros(DType.FLOAT32, rows, hidden), dhPrev = Tensor.zeros(DType.FLOAT32, rows, hidden);
        Tensor dParams = Tensor.zeros(DType.FLOAT32, 2 * rows * Math.max(1, c.parameters()) * hidden);
        Tensor dProducts = Tensor.zeros(DType.FLOAT32, rows * Math.max(1, c.products()) * hidden);
        Tensor productInputs = Tensor.zeros(DType.FLOAT32, rows * Math.max(1, c.products()) * hidden);
        step.bind(Buffer.GRAD_HIDDEN, dm).bind(Buffer.GRAD_STATE_NEXT, dcNext).bind(Buffer.GRAD_INPUT_PART, dxg, at)
                .bind(Buffer.GRAD_HIDDEN_PART, dhg, at).bind(Buffer.GRAD_STATE_PREV, dcPrev).bind(Buffer.GRAD_H_PREV, dhPrev)
                .bind(Buffer.GRAD_PARAMETERS, dParams, 1).bind(Buffer.GRAD_PRODUCTS, dProducts)
                .bind(Buffer.PRODUCT_INPUTS, productInputs).backward();
        return List.of(saved, state, m, dxg, dhg, dcPrev, dhPrev, dParams, dProducts, productInputs);
    }

    @Test
    void vectorAndPlainJavaGiveTheSameBits() {
        for (CellDefinition def : cells()) {
            for (int hidden : new int[] {1, 7, 16, 37, 131}) {
                List<Tensor> v = run(def, hidden, GateKernels.get()), p = run(def, hidden, GateKernels.plain());
                for (int i = 0; i < v.size(); i++) {
                    assertArrayEquals(p.get(i).toArray(), v.get(i).toArray(), def + " H=" + hidden + " result " + i);
                }
            }
        }
    }

    /** What a step keeps for backward: PyTorch's LSTM keeps i, f, g, o and tanh c; the RNN keeps nothing but h. */
    @Test
    void stepsKeepOnlyWhatBackwardReads() {
        assertEquals(5, LstmVariant.STANDARD.definition().compiled().savedWidth());
        assertEquals(0, ElmanEquations.TANH.compiled().savedWidth());
        assertEquals(List.of("r", "z", "n"), GruEquations.DEFINITION.compiled().gateNames());
    }
}
