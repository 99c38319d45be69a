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
import java.nio.file.Path;
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
    /** The reference implementation's limit on the header: larger ones are refused on both sides. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Data is read into tensors in pieces of this many bytes, so a load holds about one copy of its tensors. */
    private static final int CHUNK = 1 << 20;

    private Safetensors() {}

    /**
     * Writes {@code tensors} (in their order) with string {@code metadata}, replacing {@code path} atomically.
     * Whatever {@link #load} would refuse (a header past its limits) is refused here, before anything is written.
     *
     * @param path the file
     * @param tensors the tensors by name
     * @param metadata string pairs for the header's __metadata__
     * @throws IOException when the file cannot be written, or would not load
     */
    public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        dev.gatelab.PendingInterrupt.setAsideDuring(() -> {
            write(path, tensors, metadata);
            return null;
        });
    }

    private static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IOException("Safetensors.save: " + path + ": metadata " + (e.getKey() == null ? "has a null key"
                            : "'" + e.getKey() + "' is null") + "; the format holds strings only, so the file would not"
                            + " load back and nothing was written");
                }
            }
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
        refuseWhatLoadWould(path, json);
        int padded = (json.length + 7) / 8 * 8; // keeps the data 8-byte aligned, as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        AtomicFiles.write(path, ch -> {
            writeFully(ch, head);
            for (Tensor t : tensors.values()) writeFully(ch, encode(t));
        });
    }

    /** A header that load would refuse (too long, or a string past the JSON reader's limits) is refused at save. */
    private static void refuseWhatLoadWould(Path path, byte[] json) throws IOException {
        if (json.length + 7 > MAX_HEADER_BYTES) {
            throw new IOException("Safetensors.save: " + path + ": the header would be " + json.length
                    + " bytes, past the format's limit of " + MAX_HEADER_BYTES + "; keep large data out of the metadata");
        }
        try {
            JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("Safetensors.save: " + path + ": the file would not load back: " + e.getMessage(), e);
        }
    }

    /**
     * What a file holds.
     *
     * @param tensors its tensors by name, in file order
     * @param metadata its metadata (the header's __metadata__)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /**
     * Reads a file, checking that the header's every claim fits the bytes that are there: the header is one JSON
     * object with no duplicate names and nothing after it, every shape is of whole non-negative numbers, and the
     * tensors' byte ranges cover the data exactly, in order, without overlap or gap. The data is read tensor by
     * tensor from its offset, so a file of any size loads with about one copy of its tensors in memory.
     *
     * @param path the file
     * @return the tensors and the metadata
     * @throws IOException when the file cannot be read, or any claim of its header does not hold
     */
    public static Contents load(Path path) throws IOException {
        return dev.gatelab.PendingInterrupt.setAsideDuring(() -> read(path));
    }

    private static Contents read(Path path) throws IOException {
        String where = "safetensors file " + path;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new IOException(where + ": " + size + " bytes, too short for the 8-byte header length");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > size - 8 || headerLen > MAX_HEADER_BYTES) {
                throw new IOException(where + ": header length " + headerLen + " does not fit the file's " + size
                        + " bytes (or the format's limit of " + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headBuf, 8);
            JsonNode header;
            String text;
            try {
                // Strict: a malformed byte is an error, not a U+FFFD that would change a name or a value unseen.
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(headBuf.flip()).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IOException(where + ": the header is not valid UTF-8 (" + e + ")", e);
            }
            try {
                header = JSON.readTree(text);
            } catch (IOException e) {
                throw new IOException(where + ": the header is not valid JSON, one object with nothing after it (" + e.getMessage() + ")", e);
            }
            if (header == null || !header.isObject()) throw new IOException(where + ": the header is not a JSON object");
            long dataStart = 8 + headerLen, dataLen = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            java.util.List<Entry> entries = new java.util.ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    if (!e.getValue().isObject()) throw new IOException(where + ": __metadata__ is not an object");
                    for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext(); ) {
                        Map.Entry<String, JsonNode> kv = m.next();
                        if (!kv.getValue().isTextual()) {
                            throw new IOException(where + ": __metadata__ '" + kv.getKey() + "' is not a string");
                        }
                        metadata.put(kv.getKey(), kv.getValue().asText());
                    }
                    continue;
                }
                entries.add(entry(where + ", tensor '" + e.getKey() + "'", e.getKey(), e.getValue(), dataLen));
            }
            // The byte ranges, in order of offset, must tile the data: no overlap, no gap, nothing after.
            java.util.List<Entry> byOffset = new java.util.ArrayList<>(entries);
            byOffset.sort(java.util.Comparator.comparingLong(Entry::begin));
            long expected = 0;
            for (Entry e : byOffset) {
                if (e.begin() != expected) {
                    throw new IOException(where + ", tensor '" + e.name() + "': data_offsets start at " + e.begin()
                            + " where " + expected + " was expected (tensors overlap or leave a gap)");
                }
                expected = e.end();
            }
            if (expected != dataLen) {
                throw new IOException(where + ": the tensors cover " + expected + " of the " + dataLen + " data bytes");
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) tensors.put(e.name(), read(ch, e, dataStart));
            return new Contents(tensors, metadata);
        }
    }

    /** One tensor's header entry, checked. */
    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    private static Entry entry(String where, String name, JsonNode entry, long dataLen) throws IOException {
        if (!entry.isObject()) throw new IOException(where + ": expected an object, got " + entry);
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
            JsonNode s = shapeNode.get(i);
            if (!s.isIntegralNumber() || !s.canConvertToLong() || s.asLong() < 0 || s.asLong() > Integer.MAX_VALUE) {
                throw new IOException(where + ": shape " + shapeNode + " must hold whole numbers in [0, "
                        + Integer.MAX_VALUE + "]");
            }
            shape[i] = (int) s.asLong();
            count *= s.asLong(); // both factors are below 2^31, so the product fits in a long
            if (count > Integer.MAX_VALUE) {
                throw new IOException(where + ": shape " + shapeNode + " holds more elements than one tensor can");
            }
        }
        for (JsonNode o : offsets) {
            if (!o.isIntegralNumber() || !o.canConvertToLong()) {
                throw new IOException(where + ": data_offsets " + offsets + " must be whole numbers");
            }
        }
        long begin = offsets.get(0).asLong(), end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLen) {
            throw new IOException(where + ": data_offsets [" + begin + ", " + end + "] fall outside the " + dataLen
                    + " data bytes (file truncated or header wrong)");
        }
        if (end - begin != count * width(dtype)) {
            throw new IOException(where + ": shape " + shapeNode + " of " + dtypeName + " needs " + count * width(dtype)
                    + " bytes but data_offsets give " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A tensor's bytes, read from its offset in pieces straight into the tensor. */
    private static Tensor read(FileChannel ch, Entry e, long dataStart) throws IOException {
        Tensor t = Tensor.zeros(e.dtype(), e.shape());
        int w = width(e.dtype());
        ByteBuffer piece = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(w, e.end() - e.begin())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + e.begin();
        int i = 0;
        while (i < t.size()) {
            int n = Math.min(t.size() - i, piece.capacity() / w);
            piece.clear().limit(n * w);
            readFully(ch, piece, position);
            piece.flip();
            for (int k = 0; k < n; k++) t.set(i + k, e.dtype() == DType.FLOAT32 ? piece.getFloat() : piece.getDouble());
            position += (long) n * w;
            i += n;
        }
        return t;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) throw new IOException("unexpected end of file at byte " + at);
            at += n;
        }
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
