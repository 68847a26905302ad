package io.lmdeck.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.lmstudio.sim.LmStudioSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract §9: SQLite stays single-replica. A second lmdeck process on the same SQLite file refuses to start with a
 * one-line reason (two lifecycle owners on one LM Studio and one log would fight), and the first keeps serving; a
 * kill -9 of the first frees the file for the next one (the OS drops the lock with the process).
 */
class SqliteSingleLmdeckTest {
    @TempDir
    Path temp;

    private LmStudioSimulator sim;
    private ChildLmdeck first;

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aSecondLmdeckOnTheSameSqliteFileRefusesToStartAndTheFirstKeepsServing() throws Exception {
        sim = Sims.start(1.0);
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        URI lmstudio = URI.create(sim.baseUrl());
        first = ChildLmdeck.serve(lmstudio, dataDir, ChildLmdeck.freePort());

        Path err = temp.resolve("second.err");
        Process second = serveProcess(lmstudio, dataDir, ChildLmdeck.freePort(), err);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second lmdeck exits instead of serving").isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr).as(stderr).startsWith("lmdeck: ")
                .contains("Another lmdeck is already running on the SQLite database")
                .contains(dataDir.resolve("lmdeck.db").toAbsolutePath().toString())
                .contains("PostgreSQL")
                .doesNotContain("\tat ", "Exception");
        assertThat(stderr.strip().split("\n")).as(stderr).hasSize(1);
        assertThat(first.http().get("/healthz").statusCode()).isEqualTo(200);

        first.kill9();
        first = ChildLmdeck.serve(lmstudio, dataDir, ChildLmdeck.freePort());
        assertThat(first.http().get("/healthz").statusCode()).as("kill -9 left no stale lock").isEqualTo(200);
    }

    private static Process serveProcess(URI lmstudio, Path dataDir, int port, Path err) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.lmdeck.cli.Main", "serve", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--lmstudio-url", lmstudio.toString(), "--data-dir", dataDir.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LMDECK_"));
        return builder.start();
    }
}
