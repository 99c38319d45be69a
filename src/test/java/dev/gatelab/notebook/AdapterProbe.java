package dev.gatelab.notebook;

import dev.gatelab.autograd.Rng;
import dev.gatelab.data.Tasks;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.train.Trainer;

/**
 * Run inside a class loader that holds one kernel family's library and not the other's. It names neither family's
 * classes itself: {@link IJavaProbe} and {@link JJavaProbe} each touch only their own, as the adapters do.
 */
public final class AdapterProbe {
    private AdapterProbe() {}

    /**
     * @param family "ijava" or "jjava"
     * @return the rendered chart's HTML, then a line per display the fit made
     * @throws Exception when the probe cannot run
     */
    public static String probe(String family) throws Exception {
        // With no kernel running, install() says so; it must not fail for want of the other family's classes.
        try {
            NotebookSupport.install();
            throw new AssertionError("install() found a kernel where none runs");
        } catch (IllegalStateException expected) {
            // what a plain JVM gets
        }
        String probe = family.equals("jjava") ? "dev.gatelab.notebook.JJavaProbe" : "dev.gatelab.notebook.IJavaProbe";
        return (String) Class.forName(probe, true, AdapterProbe.class.getClassLoader()).getMethod("run").invoke(null);
    }

    static void fit() {
        Rng.manualSeed(1);
        SequenceModel m = SequenceModel.lastStep(GRU.builder(1, 4).batchFirst().build(), 1);
        Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(1).batchSize(8).name("probe run")
                .fit(Tasks.noisySine(16, 5, 0.05, new Rng(2)));
    }
}
