package dev.gatelab.nn;

/** The losses a notebook uses most, with PyTorch's defaults (mean over the batch). */
public final class Losses {
    private Losses() {}

    /** @return mean squared error, for regression */
    public static MSELoss mse() {
        return new MSELoss();
    }

    /** @return binary cross-entropy on logits, for yes/no targets */
    public static BCEWithLogitsLoss bceWithLogits() {
        return new BCEWithLogitsLoss();
    }

    /**
     * @return cross-entropy on logits [batch, classes] with class indices [batch], or on [batch, time, classes] with
     *     [batch, time] (every step classified, as in a language model)
     */
    public static CrossEntropyLoss crossEntropy() {
        return new CrossEntropyLoss();
    }
}
