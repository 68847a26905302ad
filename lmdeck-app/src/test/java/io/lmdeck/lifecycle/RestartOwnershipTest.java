package io.lmdeck.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.lmdeck.events.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** lmdeck restarted while its models stay loaded: what it loaded itself is still its own to replace. */
class RestartOwnershipTest {
    private final LifecycleHarness h = new LifecycleHarness(LifecycleHarness.demoLmStudio());
    private final List<Set<String>> asked = new ArrayList<>();

    @AfterEach
    void close() {
        h.close();
    }

    /** A history in which lmdeck loaded {@code ours} and last made {@code activeModel} active. */
    private void remembers(Set<String> ours, String activeModel) {
        h.ownership = modelIdByInstanceId -> {
            asked.add(Set.copyOf(modelIdByInstanceId.keySet()));
            Set<String> owned = new HashSet<>(ours);
            owned.retainAll(modelIdByInstanceId.keySet());
            return new OwnershipHistory.Recalled(owned, activeModel, activeModel);
        };
    }

    @Test
    void anInstanceLmdeckLoadedBeforeARestartIsLmdecksAndASwapUnloadsIt() {
        h.lmStudio.externallyLoad("llama-3-8b");
        h.lmStudio.externallyLoad("nomic-embed");
        remembers(Set.of("llama-3-8b"), "llama-3-8b");
        h.start();

        assertThat(asked).containsExactly(Set.of("llama-3-8b", "nomic-embed"));
        assertThat(h.model("llama-3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.LMDECK));
        assertThat(h.model("nomic-embed").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
        assertThat(h.events.types()).doesNotContain(EventType.MODEL_LOADED_EXTERNALLY);

        h.load("qwen3-8b");
        h.lmStudio.lastLoad().succeed();

        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
        assertThat(h.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("qwen3-8b", "nomic-embed");
        assertThat(h.events.messages()).contains("LM Studio: Llama 3 8B unloaded");
    }

    @Test
    void anInstanceNotInTheHistoryStaysExternalAndASwapLeavesItLoaded() {
        h.lmStudio.externallyLoad("llama-3-8b");
        remembers(Set.of("qwen3-32b"), "qwen3-32b");
        h.start();

        assertThat(h.model("llama-3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
        h.load("qwen3-8b");
        h.lmStudio.lastLoad().succeed();

        assertThat(h.lmStudio.loadedInstanceIds()).containsExactlyInAnyOrder("llama-3-8b", "qwen3-8b");
        assertThat(h.lmStudio.calls()).noneMatch(call -> call.startsWith("unload"));
    }

    @Test
    void theModelLmdeckLastMadeActiveIsActiveAgainWhenStillLoaded() {
        h.lmStudio.externallyLoad("llama-3-8b");
        h.lmStudio.externallyLoad("qwen3-8b");
        remembers(Set.of("llama-3-8b", "qwen3-8b"), "qwen3-8b");
        h.start();

        assertThat(h.activeModel()).isEqualTo("qwen3-8b");
    }

    @Test
    void whenTheLastActiveModelIsGoneTheFirstLoadedChatModelBecomesActive() {
        h.lmStudio.externallyLoad("llama-3-8b");
        h.lmStudio.externallyLoad("qwen3-8b");
        remembers(Set.of(), "qwen3-32b");
        h.start();

        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
    }

    @Test
    void anUnreadableHistoryLeavesEveryInstanceExternal() {
        h.lmStudio.externallyLoad("llama-3-8b");
        h.ownership = modelIdByInstanceId -> {
            throw new IllegalStateException("database is locked");
        };
        h.start();

        assertThat(h.model("llama-3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
        assertThat(h.activeModel()).isEqualTo("llama-3-8b");
    }

    @Test
    void theHistoryIsAskedOnlyWhileStateIsFirstRebuilt() {
        h.lmStudio.externallyLoad("llama-3-8b");
        remembers(Set.of("llama-3-8b"), "llama-3-8b");
        h.start();
        h.lmStudio.externallyLoad("qwen3-8b");
        h.advance(h.settings.pollInterval());

        assertThat(asked).hasSize(1);
        assertThat(h.model("qwen3-8b").instances()).singleElement()
                .satisfies(i -> assertThat(i.loadedBy()).isEqualTo(LoadedBy.EXTERNAL));
    }
}
