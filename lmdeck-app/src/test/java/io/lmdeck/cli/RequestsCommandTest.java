package io.lmdeck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code lmdeck requests} against a fake lmdeck server serving {@code GET /api/requests} (contract section 6). */
class RequestsCommandTest extends FakeServerTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T07:10:00Z"), ZoneOffset.UTC);
    private static final String LIST = "{\"requests\":["
            + "{\"id\":\"r-41\",\"model_id\":\"qwen/qwen3-8b\",\"host\":\"local\",\"endpoint\":\"/v1/chat/completions\","
            + "\"state\":\"running\",\"position\":null,\"queued_at\":\"2026-11-24T07:09:50Z\",\"started_at\":\"2026-11-24T07:09:52.500Z\","
            + "\"client\":\"127.0.0.1:53412\"},"
            + "{\"id\":\"r-42\",\"model_id\":\"google/gemma-3-1b\",\"host\":\"local\",\"endpoint\":\"/v1/messages\","
            + "\"state\":\"loading\",\"position\":1,\"queued_at\":\"2026-11-24T07:09:58.800Z\",\"started_at\":null,"
            + "\"client\":\"127.0.0.1:53420\"},"
            + "{\"id\":\"r-43\",\"model_id\":\"google/gemma-3-1b\",\"host\":\"local\",\"endpoint\":\"/v1/embeddings\","
            + "\"state\":\"queued\",\"position\":2,\"queued_at\":\"2026-11-24T07:08:45Z\",\"started_at\":null,"
            + "\"client\":\"Open WebUI\"}]}";

    private CliRun cli() {
        return CliRun.against(server.url()).clock(NOW);
    }

    @Test
    void listsEachRequestWithHowLongItHasWaitedOrRun() {
        server.json("GET", "/api/requests", 200, LIST);
        CliRun cli = cli();
        assertThat(cli.run("requests")).as(cli.err()).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "ID    MODEL              STATE    POSITION  ENDPOINT              WAITED/RUNNING     CLIENT",
                "r-41  qwen/qwen3-8b      running  -         /v1/chat/completions  running 7.5 s      127.0.0.1:53412",
                "r-42  google/gemma-3-1b  loading  1         /v1/messages          waited 1.2 s       127.0.0.1:53420",
                "r-43  google/gemma-3-1b  queued   2         /v1/embeddings        waited 1 min 15 s  Open WebUI",
                ""));
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void jsonIsTheServersAnswer() throws Exception {
        server.json("GET", "/api/requests", 200, LIST);
        CliRun cli = cli();
        assertThat(cli.run("requests", "--json")).isEqualTo(ExitCode.OK);
        assertThat(json.readTree(cli.out())).isEqualTo(json.readTree(LIST));
    }

    @Test
    void withSeveralHostsTheModelSaysWhichHost() {
        server.json("GET", "/api/requests", 200, LIST.replace("\"host\":\"local\",\"endpoint\":\"/v1/messages\"",
                "\"host\":\"studio\",\"endpoint\":\"/v1/messages\""));
        CliRun cli = cli();
        assertThat(cli.run("requests")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).contains("google/gemma-3-1b@studio", "qwen/qwen3-8b@local");
    }

    @Test
    void noRequestsIsSaidInWords() {
        server.json("GET", "/api/requests", 200, "{\"requests\":[]}");
        CliRun cli = cli();
        assertThat(cli.run("requests")).isEqualTo(ExitCode.OK);
        assertThat(cli.out()).isEqualTo("No gateway requests are queued or running.\n");
    }

    @Test
    void aServerWithoutTheListFailsWithTheReason() {
        CliRun cli = cli(); // the fake answers 404 for a route it does not have
        assertThat(cli.run("requests")).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err()).isEqualTo("lmdeck: this lmdeck server has no gateway request list (GET /api/requests"
                + " answered 404): it is older than this CLI\n");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void aMissingTokenIsAUsageError() {
        server.json("GET", "/api/requests", 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Missing bearer token\"}}");
        CliRun cli = cli();
        assertThat(cli.run("requests")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("Missing bearer token", "LMDECK_TOKEN");
    }

    @Test
    void extraArgumentsAreAUsageErrorAndNothingIsAsked() {
        CliRun cli = cli();
        assertThat(cli.run("requests", "qwen")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("unexpected argument 'qwen'");
        assertThat(server.requests("GET", "/api/requests")).isEmpty();
    }
}
