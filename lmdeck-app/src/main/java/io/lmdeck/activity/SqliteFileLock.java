package io.lmdeck.activity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * SQLite serves one lmdeck (contract §9): each lmdeck holds an exclusive OS lock on a file beside the database for
 * as long as it runs, so a second one on the same file refuses to start instead of running a second lifecycle owner
 * against the same LM Studio and log. The OS drops the lock when the process dies, even by kill -9, so a crash never
 * leaves a stale lock behind (a lock file with a pid in it would).
 */
final class SqliteFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock for {@code jdbc:sqlite:…}, or null for an in-memory database (nothing to share). */
    static SqliteFileLock acquire(String jdbcUrl) {
        Path database = databaseFile(jdbcUrl);
        if (database == null) {
            return null;
        }
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new SqliteFileLock(channel, lock);
            }
        } catch (OverlappingFileLockException sameJvm) {
            // Another lmdeck in this JVM (tests) holds it: the same refusal.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ActivityStoreException("Cannot lock the SQLite database " + database + " (" + lockFile + "): "
                    + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new ActivityStoreException("Another lmdeck is already running on the SQLite database " + database
                + ": SQLite serves one lmdeck; stop the other one, give this one its own --data-dir, or run several"
                + " replicas on PostgreSQL (--db-url jdbc:postgresql://…).");
    }

    /** The file of a {@code jdbc:sqlite:} URL (query and {@code file:} prefix stripped), or null when in memory. */
    static Path databaseFile(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isBlank() || rest.equals(":memory:") || rest.contains("mode=memory")) {
            return null;
        }
        return Path.of(rest).toAbsolutePath();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel's close below releases it anyway.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing to do: the lock is gone with the channel.
            }
        }
    }
}
