package io.lmdeck.lmstudio.client.openai;

import io.lmdeck.lmstudio.client.Golden;
import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.EmbeddingResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatParserTest {

    @Test
    void v0CompletionWithLmStudioExtrasIsRead() {
        ChatCompletion c = ChatParser.completion(Golden.read("v0-chat-completion.json"));

        assertThat(c.id()).isEqualTo("chatcmpl-i3gkjwthhw96whukek9tz");
        assertThat(c.model()).isEqualTo("granite-3.0-2b-instruct");
        assertThat(c.content()).isEqualTo("Hello there.");
        assertThat(c.finishReason()).isEqualTo("stop");
        assertThat(c.usage().totalTokens()).isEqualTo(77);
        assertThat(c.reasoning()).isEmpty();
    }

    @Test
    void embeddingsAreOrderedByIndex() {
        EmbeddingResult r = ChatParser.embeddings(Golden.parse("{\"object\":\"list\",\"model\":\"nomic@q4_k_m\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,0.25]},"
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,-1.0]}],"
                + "\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0}}"));

        assertThat(r.vectors()).hasSize(2);
        assertThat(r.vectors().get(0)).containsExactly(1.0, -1.0);
        assertThat(r.vectors().get(1)).containsExactly(0.5, 0.25);
    }

    @Test
    void openAiModelListGivesIds() {
        assertThat(ChatParser.modelIds(Golden.parse("{\"data\":[{\"id\":\"qwen2.5-7b-instruct\",\"object\":\"model\","
                + "\"owned_by\":\"organization_owner\"}],\"object\":\"list\"}"))).containsExactly("qwen2.5-7b-instruct");
    }
}
