package io.lmdeck.lmstudio.client.errors;

import io.lmdeck.lmstudio.client.Golden;
import io.lmdeck.lmstudio.client.errors.UpstreamErrors.Subject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamErrorsTest {

    private static LmStudioException http(int status, String body, Subject subject) {
        return UpstreamErrors.fromHttp(status, Golden.parse(body), body, "/api/v1/models/load", subject);
    }

    @Test
    void v1UnknownModelIsModelNotFound() {
        LmStudioException e = http(404, "{\"error\":{\"type\":\"model_not_found\",\"message\":"
                + "\"Model totally/made-up-9000 not found in downloaded models\"}}", Subject.load("totally/made-up-9000"));

        assertThat(e).isInstanceOf(ModelNotFoundException.class);
        assertThat(((ModelNotFoundException) e).modelKey()).isEqualTo("totally/made-up-9000");
        assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        assertThat(e.httpStatus()).contains(404);
    }

    @Test
    void openAiInvalidModelIdentifierCarriesLmStudiosSuggestions() {
        LmStudioException e = UpstreamErrors.fromHttp(400, Golden.parse("{\"error\":{\"message\":\"Invalid model identifier "
                        + "\\\"qwen3\\\". Please specify a valid downloaded model (e.g., qwen/qwen3-4b-2507, gemma-3-270m-it-qat).\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}"), "",
                "/v1/chat/completions", Subject.model("qwen3"));

        assertThat(e).isInstanceOf(ModelNotFoundException.class);
        assertThat(((ModelNotFoundException) e).closeMatches()).containsExactly("qwen/qwen3-4b-2507", "gemma-3-270m-it-qat");
    }

    @Test
    void missingTokenIsInvalidApiKey() {
        LmStudioException e = http(401, "{\"error\":{\"type\":\"invalid_request\",\"code\":\"invalid_api_key\",\"message\":"
                + "\"An LM Studio API token is required to make requests to this server, but none was provided\"}}", Subject.NONE);

        assertThat(e).isInstanceOf(InvalidApiKeyException.class);
        assertThat(e.httpStatus()).contains(401);
    }

    @Test
    void unrecognizedKeyIsBadRequestWithLmStudiosCode() {
        LmStudioException e = http(400, "{\"error\":{\"type\":\"invalid_request\",\"code\":\"unrecognized_keys\","
                + "\"message\":\"Unrecognized key(s) in object: 'ttl'\"}}", Subject.load("m"));

        assertThat(e).isInstanceOf(BadRequestException.class);
        assertThat(e.upstreamCode()).contains("unrecognized_keys");
        assertThat(e.getMessage()).contains("'ttl'");
    }

    @Test
    void unexpectedEndpointWithStatus200IsDetected() {
        LmStudioException e = http(200, "{\"error\":\"Unexpected endpoint or method. (POST /v1/models/unload)\"}", Subject.NONE);

        assertThat(e).isInstanceOf(NotSupportedException.class);
    }

    @Test
    void guardrailRefusalCarriesTheEstimate() {
        LmStudioException e = http(500, "{\"error\":{\"type\":\"model_load_failed\",\"message\":\"Model loading was stopped due "
                + "to insufficient system resources. Under the current settings, this model requires approximately 18.25 GB "
                + "of memory, and continuing to load it would likely overload your system.\"}}", Subject.load("big/model"));

        assertThat(e).isInstanceOf(InsufficientMemoryException.class);
        InsufficientMemoryException im = (InsufficientMemoryException) e;
        assertThat(im.estimateText()).contains("18.25 GB");
        assertThat(im.estimatedBytes()).contains(18_250_000_000L);
    }

    @Test
    void engineCrashIsLoadFailedWithTheEngineMessage() {
        LmStudioException e = http(500, "{\"error\":{\"type\":\"model_load_failed\",\"message\":"
                + "\"Error loading model. (Exit code: null). Some model operation failed. SIGABRT\"}}", Subject.load("m/x"));

        assertThat(e).isInstanceOf(ModelLoadFailedException.class);
        assertThat(((ModelLoadFailedException) e).engineMessage()).contains("SIGABRT");
    }

    @Test
    void htmlServerErrorIsAProtocolError() {
        LmStudioException e = UpstreamErrors.fromHttp(500, null, "<html>oops</html>", "/api/v0/models", Subject.NONE);

        assertThat(e).isInstanceOf(ProtocolException.class);
        assertThat(e.httpStatus()).contains(500);
    }

    @Test
    void unloadOfUnknownInstanceIsInstanceNotFound() {
        LmStudioException e = UpstreamErrors.fromHttp(404, Golden.parse("{\"error\":{\"type\":\"invalid_request\","
                        + "\"message\":\"No loaded model with instance id 'x'\"}}"), "", "/api/v1/models/unload",
                Subject.instance("x"));

        assertThat(e).isInstanceOf(InstanceNotFoundException.class);
        assertThat(((InstanceNotFoundException) e).instanceId()).isEqualTo("x");
    }

    @Test
    void sdkPathNotFoundGivesCloseMatchesFromTheSample() {
        LmStudioException e = UpstreamErrors.fromSdk(Golden.parse("{\"title\":\"Failed to load model\",\"rootTitle\":"
                + "\"No model found that matches path qwen3\",\"displayData\":{\"code\":\"generic.pathNotFound\",\"path\":\"qwen3\","
                + "\"availablePathsSample\":[\"qwen/qwen3-4b-2507\"],\"totalModels\":3}}"), "loadModel", Subject.load("qwen3"));

        assertThat(e).isInstanceOf(ModelNotFoundException.class);
        assertThat(((ModelNotFoundException) e).closeMatches()).containsExactly("qwen/qwen3-4b-2507");
    }

    @Test
    void sdkGuardrailIsInsufficientMemory() {
        LmStudioException e = UpstreamErrors.fromSdk(Golden.parse("{\"title\":\"Failed to load model\",\"rootTitle\":"
                + "\"Model loading was stopped due to insufficient system resources.\",\"cause\":\"Under the current settings, "
                + "this model requires approximately 7.5 GiB of memory\"}"), "loadModel", Subject.load("m"));

        assertThat(e).isInstanceOf(InsufficientMemoryException.class);
        assertThat(((InsufficientMemoryException) e).estimatedBytes()).contains(Math.round(7.5 * 1024 * 1024 * 1024));
    }

    @Test
    void sdkOtherLoadErrorIsLoadFailed() {
        LmStudioException e = UpstreamErrors.fromSdk(Golden.parse("{\"title\":\"Failed to load model\",\"rootTitle\":"
                + "\"Error loading model.\",\"cause\":\"(Exit code: 134). SIGABRT\"}"), "loadModel", Subject.load("m"));

        assertThat(e).isInstanceOf(ModelLoadFailedException.class);
        assertThat(e.getMessage()).contains("SIGABRT");
    }

    @Test
    void tokensNeverAppearInMessages() {
        LmStudioException e = http(401, "{\"error\":{\"code\":\"invalid_api_key\",\"message\":"
                + "\"token sk-lm-AbCd1234:abcdefghij0123456789 (Bearer sk-lm-AbCd1234:abcdefghij0123456789) is not valid\"}}",
                Subject.NONE);

        assertThat(e.getMessage()).doesNotContain("abcdefghij0123456789").doesNotContain("AbCd1234");
        assertThat(Secrets.redact("Authorization: Bearer s3cr3t", "s3cr3t")).doesNotContain("s3cr3t");
    }
}
