package dev.gatelab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files written whole or not at all, as {@link Safetensors#save} writes checkpoints: for the other files Gatelab writes. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code bytes} beside {@code path} under a temporary name, forces them to disk and renames the file over
     * {@code path}, so a reader sees the old file or the new one, never part of one.
     *
     * @param path the file
     * @param bytes its new content
     * @throws IOException when it cannot be written; the file is then as it was
     */
    public static void write(Path path, byte[] bytes) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        TempFiles.removeStale(path);
        Path tmp = TempFiles.create(path);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) ch.write(buffer);
                ch.force(true);
            }
            TempFiles.keepModeOf(path, tmp);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
