package io.lmdeck.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFieldTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String rewrite(String body, String model) {
        byte[] bytes = utf8(body);
        return new String(ModelField.replace(bytes, ModelField.find(bytes), model), StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheTopLevelModelAndKeepsEveryOtherByte() {
        String body = "{ \"messages\" : [ {\"role\":\"user\",\"model\":\"nested\",\"content\":\"Bonjour \\u00e9 ✓\"} ],\n"
                + "  \"metadata\": {\"model\": \"also-nested\"},\t\"model\" :  \"qwen3\" , \"temperature\":0.70 }";
        String out = rewrite(body, "qwen/qwen3-8b:2");
        assertThat(out).isEqualTo(body.replace("\"qwen3\"", "\"qwen/qwen3-8b:2\""));
    }

    @Test
    void readsUnicodeEscapesInTheValueAndInTheKey() {
        ModelField.Found found = ModelField.find(utf8("{\"mod\\u0065l\":\"qw\\u0065n/qwen3-8b\",\"stream\":true}"));
        assertThat(found.model()).isEqualTo("qwen/qwen3-8b");
        assertThat(found.stream()).isTrue();
        assertThat(rewrite("{\"mod\\u0065l\":\"qw\\u0065n/qwen3-8b\"}", "x")).isEqualTo("{\"mod\\u0065l\":\"x\"}");
    }

    @Test
    void escapesAReplacementThatNeedsIt() throws Exception {
        String out = rewrite("{\"model\":\"a\",\"n\":1}", "we\"ird\\name ✓");
        assertThat(new ObjectMapper().readTree(out).path("model").asText()).isEqualTo("we\"ird\\name ✓");
        assertThat(out).endsWith(",\"n\":1}");
    }

    @Test
    void streamIsOnlyTheTopLevelTrue() {
        assertThat(ModelField.find(utf8("{\"model\":\"m\"}")).stream()).isFalse();
        assertThat(ModelField.find(utf8("{\"model\":\"m\",\"stream\":false}")).stream()).isFalse();
        assertThat(ModelField.find(utf8("{\"o\":{\"stream\":true},\"model\":\"m\"}")).stream()).isFalse();
        assertThat(ModelField.find(utf8("{\"stream\":true,\"model\":\"m\"}")).stream()).isTrue();
    }

    @Test
    void aLargeBase64ImageIsCarriedThroughUntouched() {
        // 30 MB of base64 in one string: more than Jackson's default string limit, under the gateway's 32 MiB.
        char[] image = new char[30_000_000];
        Arrays.fill(image, 'A');
        String before = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"data:image/png;base64,";
        String after = "\"}}]}],\"model\":\"gemma\"}";
        byte[] body = utf8(before + new String(image) + after);
        ModelField.Found found = ModelField.find(body);
        assertThat(found.model()).isEqualTo("gemma");
        byte[] out = ModelField.replace(body, found, "google/gemma-3-12b");
        assertThat(out.length).isEqualTo(body.length + "google/gemma-3-12b".length() - "gemma".length());
        assertThat(Arrays.equals(out, 0, found.valueStart(), body, 0, found.valueStart())).isTrue();
        assertThat(new String(out, found.valueStart(), out.length - found.valueStart(), StandardCharsets.UTF_8))
                .isEqualTo("\"google/gemma-3-12b\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"model\": | The request body is not valid JSON",
        "[{\"model\":\"m\"}] | The request body must be a JSON object.",
        "\"m\" | The request body must be a JSON object.",
        "{\"messages\":[]} | The request body has no 'model'.",
        "{\"model\":\"\"} | The request body has no 'model'.",
        "{\"model\":42} | 'model' must be a string.",
        "{\"model\":null} | 'model' must be a string.",
        "{\"model\":{\"id\":\"m\"}} | 'model' must be a string.",
        "{\"model\":\"a\",\"model\":\"b\"} | The request body has 'model' twice.",
        "{\"model\":\"m\"} {} | The request body has content after its JSON object.",
        "{\"model\":\"m\"} x | The request body is not valid JSON",
        "{\"model\":\"m\",\"x\":[1,2} | The request body is not valid JSON"
    })
    void explainsWhatIsWrong(String body, String message) {
        assertThatThrownBy(() -> ModelField.find(utf8(body)))
                .isInstanceOfSatisfying(MalformedRequestException.class, e -> assertThat(e.param())
                        .isEqualTo(message.contains("'model'") ? "model" : null))
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesAnEmptyBodyAndOneOver32MiB() {
        assertThatThrownBy(() -> ModelField.find(new byte[0])).isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> ModelField.find(new byte[ModelField.MAX_BODY_BYTES + 1]))
                .isInstanceOf(MalformedRequestException.class).hasMessage("The request body is larger than 32 MiB.");
    }
}
