package io.lmdeck.gateway;

import io.lmdeck.lifecycle.ErrorCode;
import io.lmdeck.lifecycle.GatewayRequest;
import io.lmdeck.lifecycle.GatewaySlot;
import io.lmdeck.lifecycle.LifecycleException;
import io.lmdeck.lifecycle.LoadingView;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway request from admission to its last byte: asks the lifecycle owner for a slot (holding no thread
 * meanwhile), keeps a waiting streamed client company with SSE comments, relays the reply on a relay thread, frees
 * the slot at the end, and reports {@code request_queued}/{@code request_started}/{@code request_finished} and the
 * gateway metrics. A client that leaves drops its place in the queue, or cancels its request upstream.
 */
final class GatewayExchange implements AsyncListener {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayExchange.class);
    /** The status a request that ended because its client left is counted with (nginx's "client closed request"). */
    static final int CLIENT_GONE = 499;
    static final int REVOKED = 503;

    private final GatewayRoutes gw;
    private final GatewayRequest request;
    private final Endpoint endpoint;
    private final byte[] body;
    private final ModelField.Found found;
    private final Map<String, String> headers;
    private final HttpServletResponse res;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long arrived = System.nanoTime();
    private final Object writes = new Object();
    private volatile LoadingView loading;
    private volatile boolean clientGone;
    private volatile Relay relay;
    private volatile String revokedBecause; // the lifecycle took the slot back (drain timeout, instance gone)
    private volatile CompletableFuture<GatewaySlot> admission;
    private ScheduledFuture<?> comments;
    private boolean waiting; // guarded by writes: waiting comments may still be written
    private boolean preludeSent; // guarded by writes: 200 and the SSE headers are out

    GatewayExchange(GatewayRoutes gw, GatewayRequest request, Endpoint endpoint, byte[] body, ModelField.Found found,
                    Map<String, String> headers, HttpServletResponse res) {
        this.gw = gw;
        this.request = request;
        this.endpoint = endpoint;
        this.body = body;
        this.found = found;
        this.headers = headers;
        this.res = res;
    }

    /** Starts admission; the future completes when the exchange is over (Javalin then completes the response). */
    CompletableFuture<Void> start(AsyncContext async) {
        async.setTimeout(0);
        async.addListener(this);
        publish("request_queued", "Gateway: " + request.endpoint() + " for " + request.modelId() + " queued", Map.of());
        CompletableFuture<GatewaySlot> admitted;
        try {
            admitted = gw.lifecycle.admit(request, gw.maxWait, view -> loading = view);
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        admission = admitted;
        if (!admitted.isDone() && found.stream()) {
            synchronized (writes) {
                waiting = true;
                comments = gw.ticker.scheduleAtFixedRate(this::comment, 0,
                        GatewayRoutes.COMMENT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        admitted.whenComplete((slot, error) -> {
            try {
                gw.relays.execute(() -> finish(slot, error));
            } catch (RejectedExecutionException shuttingDown) {
                if (slot != null) slot.close();
                done.complete(null);
            }
        });
        if (clientGone) admitted.cancel(true);
        return done;
    }

    /** Sends the SSE headers (first time) and one waiting comment. */
    private void comment() {
        synchronized (writes) {
            if (!waiting) return;
            try {
                if (!preludeSent) {
                    res.setStatus(200);
                    res.setContentType("text/event-stream");
                    res.setHeader("Cache-Control", "no-cache");
                    res.setHeader("X-Accel-Buffering", "no");
                    preludeSent = true;
                }
                LoadingView now = loading;
                byte[] line = now == null ? WaitingComment.waiting(request.modelId())
                        : WaitingComment.loading(now.modelId(), now.progress());
                OutputStream out = res.getOutputStream();
                out.write(line);
                out.flush();
            } catch (IOException | RuntimeException e) {
                waiting = false;
                clientLeft();
            }
        }
    }

    /** No more waiting comments; true when the SSE headers were already sent. */
    private boolean stopWaiting() {
        synchronized (writes) {
            waiting = false;
            if (comments != null) comments.cancel(false);
            return preludeSent;
        }
    }

    private void clientLeft() {
        clientGone = true;
        CompletableFuture<GatewaySlot> a = admission;
        if (a != null) a.cancel(true); // still queued: the lifecycle drops it at once
        Relay r = relay;
        if (r != null) r.cancel(); // running: LM Studio stops generating
    }

    private void finish(GatewaySlot slot, Throwable error) {
        boolean prelude = stopWaiting();
        try {
            if (error != null) {
                refuse(unwrap(error), prelude);
            } else if (clientGone) {
                slot.close();
                ended(CLIENT_GONE, "The client went away before the request started.", null, null);
            } else {
                run(slot, prelude);
            }
        } catch (RuntimeException e) {
            LOG.error("Gateway request {} failed", request.requestId(), e);
        } finally {
            done.complete(null);
        }
    }

    private void refuse(Throwable error, boolean prelude) {
        if (error instanceof CancellationException || clientGone) {
            ended(CLIENT_GONE, "The client went away while queued.", null, null);
            return;
        }
        Dialect dialect = endpoint.dialect();
        GatewayError answer;
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        if (error instanceof LifecycleException e && e.code() == ErrorCode.MODEL_NOT_FOUND) {
            answer = dialect.modelNotFound(found.model());
        } else {
            Duration retry = error instanceof LifecycleException e && e.retryAfter() != null ? e.retryAfter()
                    : Duration.ofSeconds(5);
            answer = dialect.unavailable(message, Math.max(1, (retry.toMillis() + 999) / 1000));
        }
        if (prelude) {
            writeQuietly(endpoint.streamErrorFrame(message));
        } else {
            GatewayRoutes.answer(res, answer);
        }
        ended(answer.status(), message, null, null);
    }

    private void run(GatewaySlot slot, boolean prelude) {
        long started = System.nanoTime();
        String model = request.modelId();
        gw.metrics.gatewayQueueWait(model, Duration.ofNanos(started - arrived));
        gw.metrics.gatewayInflight(model, 1);
        publish("request_started", "Gateway: " + request.endpoint() + " for " + model + " sent to LM Studio",
                Map.of("instance_id", slot.instanceId()));
        ReplySink sink = new ReplySink(res, prelude);
        RelayOutcome outcome;
        try (slot) {
            Relay r = gw.forwarder.relay(endpoint, ModelField.replace(body, found, slot.instanceId()), headers);
            relay = r;
            slot.revoked().thenAccept(reason -> {
                revokedBecause = reason;
                r.cancel(); // LM Studio stops generating; the request ends with an error that says why, below
            });
            if (clientGone) r.cancel();
            outcome = r.run(sink);
            if (revokedBecause != null && !clientGone) {
                endRevoked(prelude);
                ended(REVOKED, revokedBecause, ttftMillis(outcome), sink.outputTokens());
                return;
            }
            if (sink.refusedStatus() != null) {
                writeQuietly(endpoint.streamErrorFrame("LM Studio answered " + sink.refusedStatus() + ": " + sink.tail()));
            }
        } finally {
            gw.metrics.gatewayInflight(model, -1);
        }
        int status = outcome.result() == RelayOutcome.Result.CLIENT_GONE ? CLIENT_GONE
                : sink.refusedStatus() != null ? sink.refusedStatus() : outcome.status();
        String error = switch (outcome.result()) {
            case COMPLETED -> status >= 400 ? "LM Studio answered " + status + "." : null;
            case CLIENT_GONE -> "The client went away; the request was cancelled in LM Studio.";
            case UPSTREAM_BROKE -> "LM Studio stopped answering mid-reply.";
            case UPSTREAM_UNREACHABLE -> "LM Studio could not be reached.";
        };
        Long ttftNanos = outcome.firstByteNanos();
        if (ttftNanos != null) gw.metrics.gatewayTtft(model, Duration.ofNanos(ttftNanos));
        ended(status, error, ttftMillis(outcome), sink.outputTokens());
    }

    private static Long ttftMillis(RelayOutcome outcome) {
        return outcome.firstByteNanos() == null ? null : outcome.firstByteNanos() / 1_000_000;
    }

    /**
     * The slot was revoked mid-request: the caller learns why in its dialect, as an error frame when its stream
     * has begun, else as a 503; a plain reply already under way can only be cut short.
     */
    private void endRevoked(boolean prelude) {
        String why = "The request was ended: " + revokedBecause + ".";
        if (!res.isCommitted() && !prelude) {
            res.reset();
            GatewayRoutes.answer(res, endpoint.dialect().unavailable(why, 5));
        } else if (prelude || String.valueOf(res.getContentType()).startsWith("text/event-stream")) {
            writeQuietly(endpoint.streamErrorFrame(why));
        }
    }

    private void ended(int status, String error, Long ttftMs, Integer outputTokens) {
        gw.metrics.gatewayRequest(request.modelId(), request.endpoint(), status);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status);
        details.put("ttft_ms", ttftMs);
        details.put("duration_ms", (System.nanoTime() - arrived) / 1_000_000);
        details.put("output_tokens", outputTokens);
        details.put("error", error);
        publish("request_finished", "Gateway: " + request.endpoint() + " for " + request.modelId() + " finished ("
                + status + ")", details);
    }

    private void publish(String type, String message, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request_id", request.requestId());
        details.put("endpoint", request.endpoint());
        details.putAll(extra);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("at", Instant.now().toString());
        data.put("model_id", request.modelId());
        data.put("host", GatewayRoutes.DEFAULT_HOST);
        data.put("operation_id", null);
        data.put("cause", "gateway");
        data.put("message", message);
        data.put("details", details);
        gw.events.publish(type, data);
    }

    private void writeQuietly(byte[] bytes) {
        try {
            OutputStream out = res.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException gone) {
            // the client left; the error frame had nobody to reach
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public void onError(AsyncEvent event) {
        clientLeft();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        clientLeft();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // the normal end: nothing to undo
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }
}
