package dev.gatelab.cell;

/** One step of a cell, written once: from the step's inputs to the new hidden state, cell state and named gates. */
@FunctionalInterface
public interface StepFunction {
    /**
     * @param in the step's inputs
     * @return the step's results
     */
    Step apply(StepInputs in);
}
