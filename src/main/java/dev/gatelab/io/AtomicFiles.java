package dev.gatelab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written whole or not at all: checkpoints ({@link Safetensors#save}), saved charts, plotly.js beside the
 * notebooks, and any other file Gatelab writes.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What goes into the file, written to the channel of its temporary copy. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param channel the temporary file, open for writing and empty
         * @throws IOException when it cannot be written
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code bytes} beside {@code path} under a temporary name, forces them to disk and renames the file over
     * {@code path}, so a reader sees the old file or the new one, never part of one.
     *
     * @param path the file
     * @param bytes its new content
     * @throws IOException when it cannot be written; the file is then as it was
     */
    public static void write(Path path, byte[] bytes) throws IOException {
        write(path, ch -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) ch.write(buffer);
        });
    }

    /**
     * Writes what {@code content} writes beside {@code path} under a temporary name, forces it to disk and renames
     * the file over {@code path}, so a reader sees the old file or the new one, never part of one.
     *
     * @param path the file
     * @param content what to write into it
     * @throws IOException when it cannot be written; the file is then as it was
     */
    public static void write(Path path, Content content) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        TempFiles.removeStale(path);
        Path tmp = TempFiles.create(path);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            TempFiles.keepModeOf(path, tmp);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
