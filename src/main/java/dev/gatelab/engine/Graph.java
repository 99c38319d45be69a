package dev.gatelab.engine;

import dev.gatelab.ArgumentException;
import dev.gatelab.kernel.ElementOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The nodes of one symbolic run of a step function, then of its derivative; leaves are made once each. */
final class Graph {
    final String cellName;
    final List<Node> nodes = new ArrayList<>();
    private final Map<LeafKey, Node> leaves = new HashMap<>();
    /** Set while differentiating: the nodes made then belong to the backward program. */
    boolean differentiating;

    private record LeafKey(Node.Kind kind, int index) {}

    Graph(String cellName) {
        this.cellName = cellName;
    }

    int add(Node n) {
        nodes.add(n);
        return nodes.size() - 1;
    }

    Node leaf(Node.Kind kind, int index) {
        return leaves.computeIfAbsent(new LeafKey(kind, index), k -> new Node(this, kind, index, null, null, null, differentiating));
    }

    /** The leaf if the step made it, else null. */
    Node existingLeaf(Node.Kind kind, int index) {
        return leaves.get(new LeafKey(kind, index));
    }

    /** a·Wᵀ (PRODUCT) or a·W (PRODUCT_T, in backward) for the step's matrix W. */
    Node product(Node.Kind kind, int matrix, Node a) {
        return new Node(this, kind, matrix, null, a, null, differentiating);
    }

    Node op(ElementOp op, Node a, Node b) {
        if (op.binary() && b == null) throw new ArgumentException("cell " + cellName + ": " + op + " needs a second value, got null");
        return new Node(this, Node.Kind.OP, -1, op, a, b, differentiating);
    }
}
