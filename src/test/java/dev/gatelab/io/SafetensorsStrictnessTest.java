package dev.gatelab.io;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.Slow;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, items 5, 10, 11, 12 and 16: what the reader refuses, what the writer refuses, and how it writes. */
class SafetensorsStrictnessTest {
    @TempDir
    Path dir;

    /** A file with this header and {@code dataBytes} zero bytes of data. */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private void refused(Path p, String words) {
        assertRefuses(IOException.class, () -> Safetensors.load(p), words);
    }

    @Test
    void headersTheReferenceRefusesAreRefused() throws IOException {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},";
        refused(file("dup", two + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16), "not valid JSON");
        refused(file("overlap", two + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 16), "overlap");
        refused(file("gap", two + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16), "gap");
        refused(file("huge", "{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551618],\"data_offsets\":[0,8]}}", 8), "whole numbers");
        refused(file("fraction", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.9],\"data_offsets\":[0,8]}}", 8), "whole numbers");
        refused(file("text", "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8), "whole numbers");
        refused(file("junk", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} junk", 8), "not valid JSON");
        refused(file("tail", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12), "cover 8 of the 12");
        refused(file("meta", "{\"__metadata__\":{\"x\":3},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                "not a string");
        Safetensors.load(file("fine", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
    }

    @Test
    void whatLoadWouldRefuseIsNeverWritten() {
        Path p = dir.resolve("big.safetensors");
        Map<String, Tensor> t = Map.of("w", Tensor.zeros(DType.FLOAT32, 2));
        assertThrows(IOException.class, () -> Safetensors.save(p, t, Map.of("note", "x".repeat(20_000_001))));
        assertThrows(IOException.class, () -> Safetensors.save(p, Map.of("n".repeat(50_001), Tensor.zeros(DType.FLOAT32, 2)), null));
        Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("note", null);
        assertRefuses(IOException.class, () -> Safetensors.save(p, t, withNull), "metadata 'note' is null");
        assertFalse(Files.exists(p), "nothing written");
    }

    @Test
    void savesKeepTheModeAndTakeLongLegalNames() throws IOException {
        Path p = dir.resolve("m.safetensors");
        Map<String, Tensor> t = Map.of("w", Tensor.zeros(DType.FLOAT32, 2));
        Safetensors.save(p, t, null);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-r--"));
        Safetensors.save(p, t, null);
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));

        Path longName = dir.resolve("x".repeat(228) + ".safetensors"); // 240 characters
        Safetensors.save(longName, t, null);
        assertEquals(2, Safetensors.load(longName).tensors().get("w").size());
    }

    @Test
    void staleTemporariesOfDeadWritersAreRemovedAndLiveOnesKept() throws IOException {
        Path p = dir.resolve("t.safetensors");
        Path dead = Files.createFile(dir.resolve(".t.safetensors.gatelab-2147483600-deadbeef.tmp"));
        Path live = Files.createFile(dir.resolve(".t.safetensors.gatelab-" + ProcessHandle.current().pid() + "-cafe.tmp"));
        Path other = Files.createFile(dir.resolve(".other.gatelab-2147483600-x.tmp"));
        Safetensors.save(p, Map.of("w", Tensor.zeros(DType.FLOAT32, 2)), null);
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "a living process may still be writing it");
        assertTrue(Files.exists(other), "another target's files are not touched");
    }

    /** Tensors are read from their offsets in pieces: large tensors, many pieces, every value where it belongs. */
    @Test
    void largeTensorsReadPieceByPiece() throws IOException {
        Rng rng = new Rng(5);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.randn(rng, DType.FLOAT32, 700, 1000));
        t.put("b", Tensor.randn(rng, DType.FLOAT64, 3, 300_001));
        Path p = dir.resolve("large.safetensors");
        Safetensors.save(p, t, Map.of("k", "v"));
        Safetensors.Contents c = Safetensors.load(p);
        assertArrayEquals(t.get("a").toArray(), c.tensors().get("a").toArray());
        assertArrayEquals(t.get("b").toArray(), c.tensors().get("b").toArray());
    }

    /**
     * Issue 11.5: a file past 2 GiB loads (readAllBytes could not hold it in one array). The file is sparse: its 2.4 GB
     * of data are zeros the file system does not store, so the test writes almost nothing to disk.
     */
    @Slow
    @Test
    void aFilePastTwoGigabytesLoads() throws IOException {
        long n = 200_000_000L; // floats per tensor: 800 MB each, 2.4 GB for the three
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[0," + 4 * n + "]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[" + 4 * n + "," + 8 * n + "]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[" + 8 * n + "," + 12 * n + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("big.safetensors");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            ByteBuffer head = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(json.length).put(json);
            f.write(head.array());
            f.setLength(8 + json.length + 12 * n);
        }
        assertTrue(Files.size(p) > (2L << 30));
        Safetensors.Contents c = Safetensors.load(p);
        assertEquals(3, c.tensors().size());
        assertEquals(n, c.tensors().get("c").size());
        assertEquals(0.0, c.tensors().get("c").get((int) n - 1));
    }
}
