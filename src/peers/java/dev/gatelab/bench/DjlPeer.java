package dev.gatelab.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * libtorch 2.7.1 through DJL's PyTorch engine (the natives come from the pytorch-native-cpu jar on the class path;
 * run offline with -Dai.djl.offline=true): DJL's recurrent block, whose forward is libtorch's fused
 * torch::lstm / gru / rnn, a Linear head on the last step, the L2 loss and Adam, trained the way DJL's EasyTrain does.
 */
final class DjlPeer implements Peer {
    private final Map<String, Runnable> built = new HashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    DjlPeer() {
        // One inter-op thread, as the other systems have; libtorch reads it once, before its first operation.
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
    }

    @Override
    public String name() {
        return "libtorch " + Engine.getEngine("PyTorch").getVersion() + " (DJL)";
    }

    @Override
    public String refuses(Workload w) {
        // DJL initialises parameters in float32, and its Block.cast to float64 throws "Not implemented yet".
        return w.dtype() == dev.gatelab.autograd.DType.FLOAT32 ? null : "float32 only (DJL cannot cast a block to float64)";
    }

    @Override
    public List<Double> time(Workload w, int threads, int steps) {
        JniUtils.setNumThreads(threads);
        Runnable step = built.computeIfAbsent(w.name(), name -> build(w));
        return Peer.timed(step, steps);
    }

    private Runnable build(Workload w) {
        return w.charModel() ? buildCharModel(w) : buildRegression(w);
    }

    /**
     * Notebook 04's step as a DJL user writes it: the LSTM with its state in and out (carried from step to step,
     * detached), a Linear head over every step, softmax cross-entropy over the characters, the gradients clipped to
     * norm 5 as torch.nn.utils.clip_grad_norm_ does, and Adam at 0.005.
     */
    private Runnable buildCharModel(Workload w) {
        Engine.getEngine("PyTorch").setRandomSeed(0);
        Model model = Model.newInstance(w.name(), Device.cpu(), "PyTorch");
        NDList[] carried = {null};
        NDManager manager = model.getNDManager();
        model.setBlock(new SequentialBlock()
                .add(LSTM.builder().setStateSize(w.hidden()).setNumLayers(w.layers()).optBatchFirst(true).optReturnState(true).build())
                .add(new LambdaBlock(out -> {
                    // The state goes on to the next step, detached and kept by the model's manager (at initialisation,
                    // where DJL feeds the block the shapes LSTM announces, there is no state to keep).
                    if (out.size() < 3) return new NDList(out.get(0));
                    NDList state = new NDList(out.get(1).stopGradient(), out.get(2).stopGradient());
                    state.attach(manager);
                    if (carried[0] != null) carried[0].close();
                    carried[0] = state;
                    return new NDList(out.get(0));
                }))
                .add(Linear.builder().setUnits(w.input()).build()));
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.005f)).build()));
        trainer.initialize(new Shape(w.batch(), w.steps(), w.input()));
        resources.add(trainer);
        resources.add(model);
        java.util.Random random = new java.util.Random(1);
        float[] oneHot = new float[w.batch() * w.steps() * w.input()], labels = new float[w.batch() * w.steps()];
        for (int i = 0; i < labels.length; i++) {
            oneHot[i * w.input() + random.nextInt(w.input())] = 1;
            labels[i] = random.nextInt(w.input());
        }
        NDArray x = manager.create(oneHot, new Shape(w.batch(), w.steps(), w.input()));
        NDArray y = manager.create(labels, new Shape(w.batch() * w.steps()));
        Runnable step = () -> {
            try (NDManager scope = manager.newSubManager()) {
                x.tempAttach(scope);
                y.tempAttach(scope);
                NDList in = carried[0] == null ? new NDList(x) : new NDList(x, carried[0].get(0), carried[0].get(1));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(in).head().reshape(-1, w.input());
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
                }
                double squares = 0;
                List<NDArray> grads = new ArrayList<>();
                for (var p : model.getBlock().getParameters().values()) grads.add(p.getArray().getGradient());
                for (NDArray g : grads) squares += g.square().sum().getFloat();
                float coefficient = (float) Math.min(1, 5 / (Math.sqrt(squares) + 1e-6));
                for (NDArray g : grads) g.muli(coefficient);
                trainer.step();
            }
        };
        for (int i = 0; i < 10; i++) step.run();
        return step;
    }

    private Runnable buildRegression(Workload w) {
        Engine.getEngine("PyTorch").setRandomSeed(0);
        Model model = Model.newInstance(w.name(), Device.cpu(), "PyTorch");
        model.setBlock(new SequentialBlock()
                .add(recurrent(w))
                .add(new LambdaBlock(out -> new NDList(out.head().get(":, -1, :"))))
                .add(Linear.builder().setUnits(1).build()));
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
        trainer.initialize(new Shape(w.batch(), w.steps(), w.input()));
        resources.add(trainer);
        resources.add(model);
        NDManager manager = model.getNDManager();
        NDArray x = manager.randomNormal(new Shape(w.batch(), w.steps(), w.input()));
        NDArray y = manager.randomNormal(new Shape(w.batch(), 1));
        Block block = model.getBlock();
        ParameterStore inference = new ParameterStore(manager, false);
        Runnable step = () -> {
            try (NDManager scope = manager.newSubManager()) {
                // What the step makes is freed with scope; x and y go back to the model's manager.
                x.tempAttach(scope);
                y.tempAttach(scope);
                if (w.train()) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList prediction = trainer.forward(new NDList(x));
                        collector.backward(trainer.getLoss().evaluate(new NDList(y), prediction));
                    }
                    trainer.step();
                } else {
                    block.forward(inference, new NDList(x), false);
                }
            }
        };
        for (int i = 0; i < 30; i++) step.run();
        return step;
    }

    private static Block recurrent(Workload w) {
        return switch (w.cell()) {
            case "LSTM" -> LSTM.builder().setStateSize(w.hidden()).setNumLayers(w.layers()).optBatchFirst(true)
                    .optReturnState(false).build();
            case "GRU" -> GRU.builder().setStateSize(w.hidden()).setNumLayers(w.layers()).optBatchFirst(true)
                    .optReturnState(false).build();
            default -> RNN.builder().setStateSize(w.hidden()).setNumLayers(w.layers()).optBatchFirst(true)
                    .setActivation(RNN.Activation.TANH).optReturnState(false).build();
        };
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) r.close();
    }
}
