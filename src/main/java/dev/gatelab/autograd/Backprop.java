package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation: one topological order of the graph behind a tensor, walked in reverse.
 *
 * <p>The order is found with an explicit stack rather than recursion, because an unrolled sequence of thousands of
 * steps makes a graph far deeper than the JVM's call stack.
 */
final class Backprop {
    private Backprop() {}

    static void run(Tensor root, Tensor rootGrad) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward(): this tensor does not require a gradient; "
                    + "mark an input or parameter with requiresGrad(true) before computing it");
        }
        if (root.graphFreed()) {
            throw new IllegalStateException("backward(): the graph behind this tensor was freed by an earlier backward; "
                    + "compute the result again to backpropagate again");
        }
        if (!java.util.Arrays.equals(rootGrad.shape(), root.shape())) {
            throw new ArgumentException("backward(): output gradient has shape " + Shapes.text(rootGrad.shape())
                    + " but the tensor has shape " + Shapes.text(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Tensor.copyRange(rootGrad, 0, root.gradBuffer(), 0, root.size());
        Collections.reverse(order);
        for (Tensor node : order) {
            if (node.backwardFn != null) node.backwardFn.run();
        }
        // Free the graph: intermediate results and the buffers their closures hold become garbage.
        for (Tensor node : order) {
            if (!node.isLeaf()) {
                node.detachFromGraph();
                node.setGrad(null);
            }
        }
    }

    /** Nodes that need a gradient, each after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        Deque<Tensor> stack = new ArrayDeque<>();
        Deque<Integer> nextChild = new ArrayDeque<>();
        stack.push(root);
        nextChild.push(0);
        seen.put(root, true);
        while (!stack.isEmpty()) {
            Tensor node = stack.peek();
            int i = nextChild.pop();
            if (i < node.parents.length) {
                nextChild.push(i + 1);
                Tensor parent = node.parents[i];
                if (parent.graphFreed()) {
                    // A gradient that reached this node would stop here, silently: PyTorch refuses too.
                    throw new IllegalStateException("backward(): part of the graph behind this tensor (a result of shape "
                            + Shapes.text(parent.shape()) + ") was freed by an earlier backward, so the gradient could"
                            + " not reach what it was computed from; compute it again, or add the losses and call"
                            + " backward() once on their sum");
                }
                if (parent.requiresGrad() && seen.put(parent, true) == null) {
                    stack.push(parent);
                    nextChild.push(0);
                }
            } else {
                stack.pop();
                order.add(node);
            }
        }
        return order;
    }
}
