package io.lmdeck.lifecycle;

import static io.lmdeck.lifecycle.TransitionFixture.LLAMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After each load lmdeck compares the context length LM Studio reports with the one it asked for (contract §7): a
 * difference is the completion event's {@code details.drift}; nothing when they agree, nothing was asked, or LM Studio
 * did not say.
 */
class LoadDriftTest {
    /** {@code drift}: the expected {@code details.drift}, or null for none. */
    record Row(String name, Integer asked, Integer got, Map<String, Object> drift) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("less than asked", 8192, 4096, Map.of("context_length", Map.of("asked", 8192, "got", 4096))),
                new Row("more than asked", 2048, 4096, Map.of("context_length", Map.of("asked", 2048, "got", 4096))),
                new Row("as asked", 4096, 4096, null),
                new Row("nothing asked: LM Studio's default", null, 4096, null),
                new Row("LM Studio does not say", 8192, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theCompletionSaysWhatDrifted(Row row) {
        GatewayScript g = new GatewayScript("a user loads llama")
                .apply(new Command.Select(1, "op_1", new LoadRequest(LLAMA, row.asked(), null, null, false, Cause.USER)))
                .accept();
        g.apply(new Command.LoadSucceeded("op_1", new LmStudioPort.Instance(LLAMA, LLAMA, row.got(), null, null)));

        LifecycleEvent complete = g.last().events().stream()
                .filter(e -> e.type() == EventType.MODEL_LOADING_COMPLETE).findFirst().orElseThrow();
        if (row.drift() == null) {
            assertThat(complete.details()).doesNotContainKey("drift");
        } else {
            assertThat(complete.details()).containsEntry("drift", row.drift());
        }
    }
}
