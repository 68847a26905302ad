package io.lmdeck.lmstudio.client;

import io.lmdeck.lmstudio.client.model.ChatCompletion;
import io.lmdeck.lmstudio.client.model.ChatCompletionRequest;
import io.lmdeck.lmstudio.client.model.DownloadStatus;
import io.lmdeck.lmstudio.client.model.EmbeddingResult;
import io.lmdeck.lmstudio.client.model.LoadConfig;
import io.lmdeck.lmstudio.client.model.LoadedInstance;
import io.lmdeck.lmstudio.client.model.ModelDomain;
import io.lmdeck.lmstudio.client.model.ModelInfo;
import io.lmdeck.lmstudio.client.model.ModelLoadRequest;
import io.lmdeck.lmstudio.client.model.ModelUsageEstimate;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client for one LM Studio server: its native REST APIs (v1, v0), its OpenAI-compatible endpoints and the
 * websocket protocol of the official SDKs (the only way to get real load progress and cancel).
 *
 * <p>Thread-safe; create one per server and {@link #close()} it when done. Every method reports failures as an
 * unchecked {@link io.lmdeck.lmstudio.client.errors.LmStudioException}; network failures are
 * {@link io.lmdeck.lmstudio.client.errors.OfflineException}, never an {@code IOException}.
 *
 * <pre>{@code
 * try (LmStudioClient lm = LmStudioClient.builder().baseUrl(URI.create("http://localhost:1234")).build()) {
 *     lm.listModels().forEach(m -> System.out.println(m.key() + " " + m.state()));
 *     ModelLoad h = lm.load(ModelLoadRequest.builder("qwen/qwen3-4b").contextLength(8192).build(),
 *             new LoadProgressListener() {
 *                 public void onProgress(double f) { System.out.printf("%.0f%%%n", f * 100); }
 *             });
 *     LoadedInstance inst = h.result().join();
 * }
 * }</pre>
 */
public interface LmStudioClient extends AutoCloseable {

    /** Starts configuring a client. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Finds out whether LM Studio is there and what it speaks (greeting, REST v1, v0, websocket, version), and so
     * which {@link LoadTransport} loads use. Never throws for an offline server: the answer says so.
     * The result is remembered and used by the other methods until the next probe or a connection failure.
     */
    ServerInfo probe();

    /**
     * The downloaded models with their loaded instances. Uses REST v1 when present, cross-checked with REST v0 and the
     * websocket (v1 has been seen to report no instances for a model v0 shows loaded); REST v0 alone on old servers.
     * Retried with backoff on connection failures.
     */
    List<ModelInfo> listModels();

    /** Every loaded instance (LLMs and embedding models). */
    List<LoadedInstance> listLoaded();

    /**
     * Starts loading a new instance. Over the websocket, progress is reported; there is no time limit unless a stall
     * timeout was set on the builder (then a load with no progress for that long fails with
     * {@link io.lmdeck.lmstudio.client.errors.StalledException} and is cancelled). Over REST v1 the call blocks upstream until loaded (bounded by the REST load timeout) and progress is
     * unknown; identifier, TTL, GPU offload and parallel cannot be sent there and are left out, which the listener
     * hears through {@link LoadProgressListener#onWarning}. A key that is not downloaded fails with
     * {@link io.lmdeck.lmstudio.client.errors.ModelNotFoundException} carrying close matches. On servers with only
     * REST v0 the load fails with {@link io.lmdeck.lmstudio.client.errors.NotSupportedException}.
     * Returns at once; failures arrive through {@link ModelLoad#result()}.
     */
    ModelLoad load(ModelLoadRequest request, LoadProgressListener listener);

    /** Unloads one instance by its instance id. Throws InstanceNotFoundException when it is not loaded. */
    void unload(String instanceId);

    /**
     * LM Studio's memory estimate for loading the model with this configuration (null for LM Studio's defaults);
     * empty when the websocket is not available. {@code domain} picks the websocket namespace; null makes the client
     * look the key up in the model list first. An unknown key is a ModelNotFoundException with close matches.
     */
    Optional<ModelUsageEstimate> estimate(String modelKey, ModelDomain domain, LoadConfig config);

    /** Streams an OpenAI-compatible chat completion token by token. Returns at once. */
    ChatCompletionStream streamChat(ChatCompletionRequest request, ChatListener listener);

    /** A non-streamed chat completion (blocks until the answer is complete). */
    ChatCompletion chat(ChatCompletionRequest request);

    /** Embeds each input with the given embedding model ({@code POST /v1/embeddings}). */
    EmbeddingResult embed(String model, List<String> inputs);

    /** The model ids the OpenAI-compatible {@code GET /v1/models} lists (all downloaded models with JIT on, only loaded ones with JIT off). */
    List<String> openAiModels();

    /** Starts a download (REST v1): a catalogue id or Hugging Face URL, and an optional quantization (HF URLs only). */
    DownloadStatus download(String model, String quantization);

    /** The state of a download job (REST v1). */
    DownloadStatus downloadStatus(String jobId);

    /** The last {@link #probe()} result, without contacting the server; empty before the first probe. */
    Optional<ServerInfo> lastServerInfo();

    /**
     * Cancels running loads (their results complete with CancelledException), closes the websocket connections and
     * stops background threads. Streamed chats are not tracked: cancel them yourself.
     */
    @Override
    void close();

    /** Configures an {@link LmStudioClient}. */
    final class Builder {
        URI baseUrl = URI.create("http://localhost:1234");
        String apiToken;
        Duration connectTimeout = Duration.ofSeconds(3);
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration stallTimeout;
        Duration restLoadTimeout = Duration.ofMinutes(10);
        int readRetries = 2;
        Duration retryBackoff = Duration.ofMillis(200);
        boolean useWebsocket = true;

        Builder() {
        }

        /** LM Studio's HTTP address, e.g. {@code http://localhost:1234} (the default). The websocket uses the same host and port. */
        public Builder baseUrl(URI value) {
            Objects.requireNonNull(value, "baseUrl");
            String scheme = value.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("baseUrl must be http:// or https://, was " + value);
            }
            if (value.getRawQuery() != null || value.getRawUserInfo() != null || value.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be scheme://host[:port] without query or credentials");
            }
            String text = value.toString();
            this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /** The API token ({@code sk-lm-xxxxxxxx:yyyy…}) when LM Studio requires authentication; null or blank for none. Never logged. */
        public Builder apiToken(String value) {
            this.apiToken = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /** How long to wait for a TCP/websocket connection (default 3 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** Time limit for ordinary requests (lists, unload, non-streamed chat…; default 30 s). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /**
         * Opt-in: a websocket load with no progress for this long fails as stalled and is cancelled in LM Studio.
         * Off by default: the client only reports progress, and what counts as stuck is the caller's decision.
         */
        public Builder stallTimeout(Duration value) {
            this.stallTimeout = positive(value, "stallTimeout");
            return this;
        }

        /** Time limit for a blocking REST v1 load (default 10 min; large models from slow disks take minutes). */
        public Builder restLoadTimeout(Duration value) {
            this.restLoadTimeout = positive(value, "restLoadTimeout");
            return this;
        }

        /** How many times an idempotent read is retried after a connection failure (default 2), and the first backoff (doubles). */
        public Builder readRetries(int retries, Duration firstBackoff) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0");
            }
            this.readRetries = retries;
            this.retryBackoff = positive(firstBackoff, "firstBackoff");
            return this;
        }

        /** Whether to use the SDK websocket at all (default true); false forces REST v1 loads. */
        public Builder useWebsocket(boolean value) {
            this.useWebsocket = value;
            return this;
        }

        public LmStudioClient build() {
            return new DefaultLmStudioClient(new ClientSettings(baseUrl, apiToken, connectTimeout, requestTimeout,
                    stallTimeout, restLoadTimeout, readRetries, retryBackoff, useWebsocket));
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
