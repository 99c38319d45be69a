package dev.gatelab.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime 1.20 on W1's LSTM inference step, from the file src/test/python/export_onnx.py writes with Debian's
 * torch (opset 14; committed in src/peers/resources). Inference only: this runtime has no training here. One session
 * per thread count, with that many intra-op threads, one inter-op thread and every graph optimisation.
 */
final class OnnxRuntimePeer implements Peer {
    private static final String MODEL = "w1-lstm-inference.onnx";
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final byte[] model;
    private final Map<Integer, OrtSession> sessions = new HashMap<>();
    private OnnxTensor input;

    OnnxRuntimePeer() throws Exception {
        try (InputStream in = OnnxRuntimePeer.class.getResourceAsStream("/" + MODEL)) {
            if (in == null) throw new IllegalStateException(MODEL + " is not on the class path (src/peers/resources)");
            model = in.readAllBytes();
        }
    }

    @Override
    public String name() {
        return "onnxruntime " + env.getVersion();
    }

    @Override
    public String refuses(Workload w) {
        return w.name().equals("W1-LSTM-inference") ? null : "inference of W1's LSTM only (" + MODEL + ")";
    }

    @Override
    public List<Double> time(Workload w, int threads, int steps) throws Exception {
        OrtSession session = sessions.get(threads);
        if (session == null) {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, options);
            sessions.put(threads, session);
            float[] x = new float[w.batch() * w.steps() * w.input()];
            java.util.Random random = new java.util.Random(0);
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            if (input == null) input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {w.batch(), w.steps(), w.input()});
            for (int i = 0; i < 30; i++) session.run(Map.of("x", input)).close();
        }
        OrtSession running = session;
        return Peer.timed(() -> {
            try {
                running.run(Map.of("x", input)).close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }, steps);
    }

    @Override
    public void close() throws Exception {
        for (OrtSession s : sessions.values()) s.close();
        if (input != null) input.close();
    }
}
