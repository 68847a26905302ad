package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client call starts a JVM for a fraction of a second: what it loads is its start-up. It must load nothing of the
 * server (Javalin, Jetty, Flyway, the JDBC drivers, lmdeck's own server packages, the simulator) and no TLS for an
 * http:// server. Checked on a real JVM with {@code -Xlog:class+load}.
 */
class CliStartupTest extends FakeServerTest {
    private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source:");
    private static final List<String> SERVER_SIDE = List.of("io.javalin.", "org.eclipse.jetty.", "org.flywaydb.",
            "org.sqlite.", "org.postgresql.", "io.micrometer.", "kotlin.", "io.lmdeck.server.", "io.lmdeck.http.",
            "io.lmdeck.lifecycle.", "io.lmdeck.activity.", "io.lmdeck.lmstudio.sim.", "io.lmdeck.lmstudio.client.",
            "java.net.http.", "sun.security.ssl.");

    @TempDir
    Path dir;

    @Test
    void aClientCallLoadsNoServerClassesAndNoTls() throws Exception {
        for (String verb : List.of("status", "models", "ps")) {
            Path log = dir.resolve(verb + ".log");
            CliProcess.Result call = CliProcess.run(List.of("-Xlog:class+load:file=" + log), Map.of("LMDECK_SERVER",
                    server.url()), verb);
            assertThat(call.exit()).as(call.err()).isEqualTo(ExitCode.OK);
            List<String> classes = loaded(log);
            assertThat(classes).as(verb).contains("io.lmdeck.cli.Main", "com.fasterxml.jackson.databind.ObjectMapper");
            assertThat(classes.stream().filter(c -> SERVER_SIDE.stream().anyMatch(c::startsWith))
                    .collect(Collectors.toList())).as(verb + " loaded server-side classes").isEmpty();
        }
    }

    private static List<String> loaded(Path log) throws Exception {
        return Files.readAllLines(log).stream().map(LOADED::matcher).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.toList());
    }
}
