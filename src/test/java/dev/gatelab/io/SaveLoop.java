package dev.gatelab.io;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves checkpoints to one file as fast as it can, forever: the process the crash test kills mid-save. */
public final class SaveLoop {
    private SaveLoop() {}

    /** Checkpoint number {@code k}: every element equals k, so a loaded file says which save it came from. */
    static Map<String, Tensor> checkpoint(int k) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Tensor big = Tensor.zeros(DType.FLOAT32, 256, 1024);
        big.fill(k);
        Tensor small = Tensor.zeros(DType.FLOAT64, 7);
        small.fill(k);
        m.put("weight", big);
        m.put("bias", small);
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        for (int k = 1; ; k++) {
            Safetensors.save(path, checkpoint(k), Map.of("step", String.valueOf(k)));
            if (k == 1) System.out.println("first checkpoint written");
        }
    }
}
