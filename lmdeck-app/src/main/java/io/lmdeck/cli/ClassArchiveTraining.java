package io.lmdeck.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./lmdeck} runs once per build, under {@code -XX:ArchiveClassesAtExit}, to make the CLI's class-data
 * archive: the read-only client verbs against a running server, in one JVM, so that the archive holds what every
 * one of them loads (a dynamic archive records a single run). Changes nothing on the server.
 * Usage: {@code java -XX:ArchiveClassesAtExit=… -cp <fat jar> io.lmdeck.cli.ClassArchiveTraining http://127.0.0.1:PORT}
 */
public final class ClassArchiveTraining {
    private static final List<List<String>> CALLS = List.of(List.of("status"), List.of("ps"), List.of("models"),
            List.of("models", "--json"), List.of("events", "-n", "5"), List.of("activity", "--limit", "5"),
            List.of("cancel"), List.of("load", "no-such-model-for-training"), List.of("unload", "no-such-model"),
            List.of("--help"), List.of("lod"));

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        // As Main.main sets up a call (Ctrl-C handling, the local time zone), so those classes are in it too.
        CliContext context = new CliContext(discard, discard, Map.of("LMDECK_SERVER", args[0]), false,
                SignalInterrupts.create(), Clock.systemDefaultZone());
        for (List<String> call : CALLS) {
            Main.run(call.toArray(new String[0]), context);
        }
    }
}
