package io.lmdeck.metrics;

import io.lmdeck.events.Cause;
import io.lmdeck.events.EventFeed;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.events.Subscription;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lmdeck's Prometheus metrics ({@code GET /metrics}). Load durations, outcomes and failure reasons come from
 * the event feed (one subscriber thread); LM Studio reachability is read from the lifecycle's snapshot at
 * scrape time; SSE clients and chat requests are reported by the HTTP layer. Labels never carry tokens or
 * free text, only model ids, event types and reason codes.
 */
public final class LmdeckMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LmdeckMetrics.class);
    private static final int MAX_TRACKED_LOADS = 256;
    /** The LM Studio host of a load or unload: one host so far (contract §8 names it {@code default}). */
    private static final String HOST = "default";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Subscription subscription;
    private final Thread recorder;
    private final Map<String, LifecycleEvent> loadsStarted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LifecycleEvent> eldest) {
            return size() > MAX_TRACKED_LOADS;
        }
    };
    private final Map<String, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public LmdeckMetrics(ModelLifecycle lifecycle, EventFeed feed) {
        Gauge.builder("lmdeck_lmstudio_up", lifecycle, l -> l.status().online() ? 1 : 0)
                .description("1 when LM Studio is reachable, 0 when offline")
                .strongReference(true)
                .register(registry);
        subscription = feed.subscribe(4096);
        recorder = new Thread(this::run, "lmdeck-metrics");
        recorder.setDaemon(true);
        recorder.start();
    }

    /** Reports the number of connected SSE clients at scrape time. */
    public void sseClients(IntSupplier count) {
        Gauge.builder("lmdeck_sse_clients", count, IntSupplier::getAsInt)
                .description("Connected GET /api/events clients")
                .strongReference(true) // a method reference would otherwise be collected, leaving NaN
                .register(registry);
    }

    /** Counts one {@code POST /api/chat} by how it ended (completed, failed, unavailable, client_gone, invalid). */
    public void chatRequest(String outcome) {
        Counter.builder("lmdeck_chat_requests").tag("outcome", outcome)
                .description("POST /api/chat requests by outcome").register(registry).increment();
    }

    /** Counts one gateway request by model, endpoint and the HTTP status its client got (499: the client left). */
    public void gatewayRequest(String model, String endpoint, int status) {
        Counter.builder("lmdeck_gateway_requests").tag("model", model).tag("endpoint", endpoint)
                .tag("status", Integer.toString(status))
                .description("Gateway requests by model, endpoint and status").register(registry).increment();
    }

    /** How long a gateway request waited, from arrival until it was sent to LM Studio. */
    public void gatewayQueueWait(String model, Duration wait) {
        Timer.builder("lmdeck_gateway_queue_wait").tag("model", model).publishPercentileHistogram()
                .description("Gateway requests' wait for a slot (and a load), arrival to start")
                .register(registry).record(wait);
    }

    /** Time to first token: from sending a gateway request to LM Studio until its first byte reached the client. */
    public void gatewayTtft(String model, Duration ttft) {
        Timer.builder("lmdeck_gateway_ttft").tag("model", model).publishPercentileHistogram()
                .description("Gateway requests' time to first byte from LM Studio").register(registry).record(ttft);
    }

    /** One more ({@code +1}) or one fewer ({@code -1}) gateway request running against LM Studio for {@code model}. */
    public void gatewayInflight(String model, int delta) {
        inflight.computeIfAbsent(model, m -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("lmdeck_gateway_inflight", n, AtomicInteger::get).tag("model", m)
                    .description("Gateway requests running against LM Studio").register(registry);
            return n;
        }).addAndGet(delta);
    }

    public String scrape() {
        return registry.scrape();
    }

    private void run() {
        while (running) {
            try {
                LifecycleEvent event = subscription.poll(Duration.ofMillis(500));
                if (event != null) {
                    record(event);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Could not record metrics for an event", e);
            }
        }
    }

    void record(LifecycleEvent event) {
        Counter.builder("lmdeck_events").tag("type", event.type().wireName())
                .description("Lifecycle events published").register(registry).increment();
        String op = event.operationId();
        if (event.type() == EventType.MODEL_LOADING_STARTED && op != null) {
            loadsStarted.put(op, event);
        } else if (event.type() == EventType.MODEL_LOADING_COMPLETE) {
            loadOutcome("completed");
            Duration took = loadDuration(event);
            if (took != null) {
                Timer.builder("lmdeck_model_load_duration").tag("model_id", String.valueOf(event.modelId()))
                        .description("How long model loads took, start to ready").register(registry).record(took);
                Timer.builder("lmdeck_model_load").tag("model", String.valueOf(event.modelId())).tag("host", HOST)
                        .publishPercentileHistogram()
                        .description("Completed model loads' duration, start to ready, by model and host")
                        .register(registry).record(took);
            }
        } else if (event.type() == EventType.MODEL_LOADING_FAILED) {
            loadOutcome("failed");
            forget(op);
            Counter.builder("lmdeck_model_load_failures").tag("reason", reason(event))
                    .description("Failed model loads by reason code").register(registry).increment();
        } else if (event.type() == EventType.MODEL_LOADING_CANCELLED) {
            loadOutcome("cancelled");
            forget(op);
        } else if (event.type() == EventType.MODEL_UNLOADED || event.type() == EventType.MODEL_UNLOADED_EXTERNALLY) {
            Counter.builder("lmdeck_model_unloads").tag("model", String.valueOf(event.modelId())).tag("host", HOST)
                    .tag("reason", unloadReason(event))
                    .description("Model unloads by model, host and reason").register(registry).increment();
        }
    }

    /**
     * Why an instance went: the event's {@code details.reason} ({@code idle_ttl}, {@code evicted}…), else who asked
     * for it (its cause: {@code user}, {@code api}, {@code cli}, {@code gateway}, {@code system}…); another program's
     * unload is {@code external}, LM Studio's own idle TTL {@code idle_ttl}.
     */
    private static String unloadReason(LifecycleEvent unloaded) {
        Object reason = unloaded.details().get("reason");
        if (reason != null) {
            return code(reason.toString());
        }
        if (unloaded.type() == EventType.MODEL_UNLOADED_EXTERNALLY) {
            return unloaded.cause() == Cause.TTL ? "idle_ttl" : "external";
        }
        return unloaded.cause() == null ? "unknown" : unloaded.cause().wireName();
    }

    private void forget(String operationId) {
        if (operationId != null) {
            loadsStarted.remove(operationId);
        }
    }

    private void loadOutcome(String outcome) {
        Counter.builder("lmdeck_model_loads").tag("outcome", outcome)
                .description("Finished model loads by outcome").register(registry).increment();
    }

    private Duration loadDuration(LifecycleEvent complete) {
        Object ms = complete.details().get("duration_ms");
        LifecycleEvent started = complete.operationId() == null ? null : loadsStarted.remove(complete.operationId());
        if (ms instanceof Number) {
            return Duration.ofMillis(((Number) ms).longValue());
        }
        return started == null ? null : Duration.between(started.at(), complete.at());
    }

    private static String reason(LifecycleEvent failed) {
        Object code = failed.details().get("code");
        if (code == null) {
            code = failed.details().get("reason");
        }
        return code(code == null ? "unknown" : code.toString());
    }

    /** A label value must stay a short code; anything else becomes "other". */
    private static String code(String s) {
        return s.matches("[a-z0-9_]{1,48}") ? s : "other";
    }

    @Override
    public void close() {
        running = false;
        recorder.interrupt();
        subscription.close();
        registry.close();
    }
}
