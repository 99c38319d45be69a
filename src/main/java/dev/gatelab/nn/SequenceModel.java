package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;

/**
 * A recurrent layer with a Linear head: the usual model of a tutorial. With {@link Head#LAST_STEP} the head reads the
 * output at each sample's last step (forecasting, the adding problem) and returns [batch, outputs]; with
 * {@link Head#EVERY_STEP} it reads every step (tagging, language models) and returns [batch, time, outputs]. The
 * recurrent layer must be batch_first.
 */
public final class SequenceModel extends Module implements SequenceLayer {
    public enum Head { LAST_STEP, EVERY_STEP }

    private final Recurrent recurrent;
    private final Linear head;
    private final Head mode;

    public SequenceModel(Recurrent recurrent, int outputs, Head mode) {
        if (!recurrent.batchFirst()) {
            throw new ArgumentException("SequenceModel: the recurrent layer " + recurrent
                    + " must be built with batchFirst(), as the data sets give [batch, time, features]");
        }
        this.recurrent = register("rnn", recurrent);
        this.head = register("head", new Linear(recurrent.directions() * recurrent.outputSize(), outputs, true,
                recurrent.dtype(), dev.gatelab.autograd.Rng.global()));
        this.mode = mode;
    }

    public static SequenceModel lastStep(Recurrent recurrent, int outputs) {
        return new SequenceModel(recurrent, outputs, Head.LAST_STEP);
    }

    public static SequenceModel everyStep(Recurrent recurrent, int outputs) {
        return new SequenceModel(recurrent, outputs, Head.EVERY_STEP);
    }

    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /** Runs a batch whose samples end at {@code lengths} (null when all use the whole time dimension). */
    @Override
    public Tensor forward(Tensor input, int[] lengths) {
        if (mode == Head.EVERY_STEP) return head.forward(recurrent.forward(input, null, lengths).output());
        // The last step of each sample: row (lengths[b] − 1)·batch + b of the layers' time-major rows.
        Tensor rows = recurrent.forwardRows(input, null, lengths).output();
        int batch = input.dim(0); // batch-first, as the constructor requires
        int steps = rows.dim(0) / batch;
        int[] last = new int[batch];
        for (int b = 0; b < batch; b++) last[b] = (lengths == null ? steps - 1 : lengths[b] - 1) * batch + b;
        return head.forward(dev.gatelab.autograd.Ops.rows(rows, last));
    }

    @Override
    public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("kind", "SequenceModel");
        c.put("head", mode.name());
        c.put("outputs", head.weight().dim(0));
        c.put("rnn", recurrent.config());
        return c;
    }

    /** Builds the model a {@link #config()} describes (with fresh weights). */
    @SuppressWarnings("unchecked")
    public static SequenceModel fromConfig(java.util.Map<String, Object> c) {
        Recurrent rnn = Recurrent.fromConfig((java.util.Map<String, Object>) c.get("rnn"));
        return new SequenceModel(rnn, ((Number) c.get("outputs")).intValue(), Head.valueOf(String.valueOf(c.get("head"))));
    }

    public Recurrent recurrent() {
        return recurrent;
    }

    public Linear head() {
        return head;
    }

    @Override
    public String toString() {
        return "SequenceModel(" + recurrent + " → " + head + ", " + mode.name().toLowerCase().replace('_', ' ') + ")";
    }
}
