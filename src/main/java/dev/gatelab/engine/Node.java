package dev.gatelab.engine;

import dev.gatelab.ArgumentException;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.StepInputs;
import dev.gatelab.kernel.ElementOp;

/**
 * A symbol of a step: a leaf (a block's parts, a previous state, a parameter, or in backward an incoming
 * gradient) or an element-wise operation on earlier nodes. Nodes are numbered in the order they are made, which is an
 * order in which every node comes after its operands.
 */
final class Node implements Expr {
    enum Kind {
        /** x·W_ihᵀ + b_ih of a block */
        INPUT_PART,
        /** h·W_hhᵀ + b_hh of a block */
        HIDDEN_PART,
        /** their sum: the block's pre-activation */
        PRE_ACTIVATION,
        STATE,
        HIDDEN,
        PARAMETER,
        /** backward's gradient at the new hidden state */
        GRAD_HIDDEN,
        /** backward's gradient at the new cell state, from the step after */
        GRAD_STATE,
        /** an element-wise operation */
        OP,
        /** a·Wᵀ for the step's matrix W (index), a product inside the step */
        PRODUCT,
        /** backward's g·W: the adjoint g of a PRODUCT carried to its operand */
        PRODUCT_T
    }

    final Graph graph;
    final Kind kind;
    /** The block or parameter a leaf is, the matrix of a product, else −1. */
    final int index;
    final ElementOp op;
    final Node a, b;
    final int id;
    /** Made while differentiating: a node of the backward program. */
    final boolean backward;

    Node(Graph graph, Kind kind, int index, ElementOp op, Node a, Node b, boolean backward) {
        this.graph = graph;
        this.kind = kind;
        this.index = index;
        this.op = op;
        this.a = a;
        this.b = b;
        this.backward = backward;
        this.id = graph.add(this);
    }

    boolean isLeaf() {
        return kind != Kind.OP && kind != Kind.PRODUCT && kind != Kind.PRODUCT_T;
    }

    Node node(Expr e) {
        if (!(e instanceof Node n) || n.graph != graph) {
            throw new ArgumentException("cell " + graph.cellName + ": a step combines values of different steps; use only"
                    + " the values its StepInputs gives and what is made from them");
        }
        return n;
    }

    private Node op(ElementOp op, Expr other) {
        return graph.op(op, this, other == null ? null : node(other));
    }

    @Override
    public Expr add(Expr other) {
        return op(ElementOp.ADD, other);
    }

    @Override
    public Expr sub(Expr other) {
        return op(ElementOp.SUB, other);
    }

    @Override
    public Expr mul(Expr other) {
        return op(ElementOp.MUL, other);
    }

    @Override
    public Expr neg() {
        return op(ElementOp.NEG, null);
    }

    @Override
    public Expr oneMinus() {
        return op(ElementOp.ONE_MINUS, null);
    }

    @Override
    public Expr sigmoid() {
        return op(ElementOp.SIGMOID, null);
    }

    @Override
    public Expr tanh() {
        return op(ElementOp.TANH, null);
    }

    @Override
    public Expr relu() {
        return op(ElementOp.RELU, null);
    }

    @Override
    public Expr layerNorm() {
        return op(ElementOp.LAYER_NORM, null);
    }

    @Override
    public String toString() {
        if (isLeaf()) return kind + (index >= 0 ? "[" + index + "]" : "");
        if (kind != Kind.OP) return kind + "[" + index + "](" + a.id + ")";
        return op + "(" + a.id + (b == null ? "" : ", " + b.id) + ")";
    }
}
