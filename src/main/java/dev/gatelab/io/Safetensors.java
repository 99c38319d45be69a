package dev.gatelab.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
 * byte range, then the raw little-endian data. It holds only numbers, so loading can never run code from the file.
 *
 * <p>Saving is atomic: the file is written beside the target under a temporary name, forced to disk, then renamed
 * over the target, so a crash mid-save leaves the previous file whole.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /**
     * Writes {@code tensors} (in their order) with string {@code metadata}, replacing {@code path} atomically.
     *
     * @param path the file
     * @param tensors the tensors by name
     * @param metadata string pairs for the header's __metadata__
     * @throws IOException when the file cannot be written
     */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = (long) t.size() * width(t.dtype());
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype() == DType.FLOAT32 ? "F32" : "F64");
            var shape = entry.putArray("shape");
            for (int s : t.shape()) shape.add(s);
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // keeps the data 8-byte aligned, as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, head);
                for (Tensor t : tensors.values()) writeFully(ch, encode(t));
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What a file holds: its tensors by name, in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /**
     * Reads a file, checking that the header's every claim fits the bytes that are there.
     *
     * @param path the file
     * @return the tensors and the metadata
     * @throws IOException when the file cannot be read, or any claim of its header does not hold
     */
    public static Contents load(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        String where = "safetensors file " + path;
        if (all.length < 8) throw new IOException(where + ": " + all.length + " bytes, too short for the 8-byte header length");
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen <= 0 || headerLen > all.length - 8) {
            throw new IOException(where + ": header length " + headerLen + " does not fit the file's " + all.length + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(where + ": the header is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (header == null || !header.isObject()) throw new IOException(where + ": the header is not a JSON object");
        long dataStart = 8 + headerLen, dataLen = all.length - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(e.getKey(), decode(where + ", tensor '" + e.getKey() + "'", e.getValue(), all, dataStart, dataLen));
        }
        return new Contents(tensors, metadata);
    }

    private static Tensor decode(String where, JsonNode entry, byte[] all, long dataStart, long dataLen) throws IOException {
        String dtypeName = entry.path("dtype").asText();
        DType dtype = switch (dtypeName) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            default -> throw new IOException(where + ": dtype '" + dtypeName + "' is not supported (expected F32 or F64)");
        };
        JsonNode shapeNode = entry.path("shape"), offsets = entry.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IOException(where + ": expected 'shape' and two 'data_offsets', got " + entry);
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long s = shapeNode.get(i).asLong(-1);
            if (s < 0 || s > Integer.MAX_VALUE) throw new IOException(where + ": shape " + shapeNode + " has an invalid size");
            shape[i] = (int) s;
            count *= s;
        }
        long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLen) {
            throw new IOException(where + ": data_offsets [" + begin + ", " + end + "] fall outside the " + dataLen
                    + " data bytes (file truncated or header wrong)");
        }
        if (end - begin != count * width(dtype)) {
            throw new IOException(where + ": shape " + shapeNode + " of " + dtypeName + " needs " + count * width(dtype)
                    + " bytes but data_offsets give " + (end - begin));
        }
        Tensor t = Tensor.zeros(dtype, shape);
        ByteBuffer data = ByteBuffer.wrap(all, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) t.set(i, dtype == DType.FLOAT32 ? data.getFloat() : data.getDouble());
        return t;
    }

    private static ByteBuffer encode(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * width(t.dtype())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype() == DType.FLOAT32) b.putFloat((float) t.get(i));
            else b.putDouble(t.get(i));
        }
        return b.flip();
    }

    private static int width(DType dtype) {
        return dtype == DType.FLOAT32 ? 4 : 8;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}
