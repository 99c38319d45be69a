package dev.gatelab.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.UUID;

/**
 * The temporary files of atomic saves. Each is named {@code .<target>.gatelab-<pid>-<random>.tmp} (the target's name
 * cut to 100 characters, so a long legal name stays within the file system's 255), beside its target. A save that
 * was killed leaves one behind; the next save of the same target removes those whose writing process is gone, and
 * never one that a living process may still be writing.
 */
final class TempFiles {
    private static final int NAME_KEPT = 100;

    private TempFiles() {}

    private static String prefix(Path target) {
        String name = target.getFileName().toString();
        return "." + (name.length() > NAME_KEPT ? name.substring(0, NAME_KEPT) : name) + ".gatelab-";
    }

    /** A new, empty temporary file for a save of {@code target}. */
    static Path create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = prefix(target) + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8) + ".tmp";
        return Files.createFile(dir.resolve(name));
    }

    /** Deletes the leftovers of earlier saves of {@code target} whose process has ended. */
    static void removeStale(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = prefix(target);
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : found) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash <= 0) continue;
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                Files.deleteIfExists(p);
            }
        }
    }

    /** Gives the new file the permissions the file it replaces had, where the file system has them. */
    static void keepModeOf(Path target, Path tmp) throws IOException {
        if (!Files.exists(target)) return;
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(target);
            Files.setPosixFilePermissions(tmp, mode);
        } catch (UnsupportedOperationException notPosix) {
            // Other file systems keep no such mode to preserve.
        }
    }
}
