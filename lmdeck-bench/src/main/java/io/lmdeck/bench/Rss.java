package io.lmdeck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory as the kernel reports it (Linux {@code /proc/<pid>/status}, line VmRSS in kB). */
final class Rss {
    private Rss() {
    }

    static long of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS line for pid " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/status (Linux only)", e);
        }
    }

    static double megabytes(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
