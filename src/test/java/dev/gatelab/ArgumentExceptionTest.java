package dev.gatelab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.GRU;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArgumentExceptionTest {
    private static boolean mentionsLibrary(Throwable e) {
        return Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("dev.gatelab.nn."));
    }

    @Test
    void compactTracesKeepOnlyTheCallersFrames() {
        GRU gru = GRU.builder(3, 4).build();
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(2, 3)));
        assertTrue(mentionsLibrary(full), "by default the whole stack is there");
        ArgumentException.compactTraces(true);
        try {
            IllegalArgumentException compact = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(2, 3)));
            assertFalse(mentionsLibrary(compact), Arrays.toString(compact.getStackTrace()));
            assertTrue(compact.getStackTrace().length > 0);
            assertTrue(compact.getMessage().contains("GRU(3, 4)"));
        } finally {
            ArgumentException.compactTraces(false);
        }
    }
}
