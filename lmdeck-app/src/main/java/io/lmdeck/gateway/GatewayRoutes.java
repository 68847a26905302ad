package io.lmdeck.gateway;

import io.javalin.http.Context;
import io.lmdeck.lifecycle.Catalog;
import io.lmdeck.lifecycle.GatewayRequest;
import io.lmdeck.lifecycle.ModelLifecycle;
import io.lmdeck.lifecycle.ModelType;
import io.lmdeck.lifecycle.ModelView;
import io.lmdeck.metrics.LmdeckMetrics;
import io.lmdeck.presets.Presets;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's routes (contract §6): {@code GET /v1/models} from lmdeck's state, and the five inference endpoints,
 * each read, resolved to a model key, admitted by the lifecycle owner and relayed ({@link GatewayExchange}). A
 * request waiting for admission holds no thread; a running one holds one relay thread until its last byte.
 */
public final class GatewayRoutes implements AutoCloseable {
    /** The one host there is until several hosts (contract §8) exist: {@code key@default} names a model on it. */
    public static final String DEFAULT_HOST = "default";
    /** A waiting streamed request gets a comment at least every 2 s (contract §6); once a second leaves room. */
    static final Duration COMMENT_INTERVAL = Duration.ofSeconds(1);
    /** The {@code model} label of requests refused before they named a known model (400, 404, 413). */
    static final String NO_MODEL = "none";

    final ModelLifecycle lifecycle;
    final Forwarder forwarder;
    final LiveEvents events;
    final LmdeckMetrics metrics;
    final Duration maxWait;
    final ExecutorService relays = Executors.newCachedThreadPool(daemon("lmdeck-gateway-relay"));
    final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("lmdeck-gateway-wait"));
    private final Presets presets;
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix = "req_" + Long.toString(System.currentTimeMillis(), 36) + "_";

    public GatewayRoutes(ModelLifecycle lifecycle, Presets presets, Forwarder forwarder, LiveEvents events,
                         LmdeckMetrics metrics, Duration maxWait) {
        this.lifecycle = lifecycle;
        this.presets = presets;
        this.forwarder = forwarder;
        this.events = events;
        this.metrics = metrics;
        this.maxWait = maxWait;
    }

    /** {@code GET /v1/models}: every LLM and embedding model LM Studio has, then every alias; never waits on LM Studio. */
    public void models(Context ctx) {
        Catalog catalog = lifecycle.catalog();
        List<Map<String, Object>> data = new ArrayList<>();
        Map<String, ModelView> byKey = new LinkedHashMap<>();
        for (ModelView m : catalog.models()) {
            if (m.type() == ModelType.LLM || m.type() == ModelType.EMBEDDING) {
                byKey.put(m.modelId(), m);
                data.add(entry(m.modelId(), m, null));
            }
        }
        for (Presets.Effective effective : presets.list()) {
            ModelView target = byKey.get(effective.preset().modelId());
            if (target == null) continue;
            for (String alias : effective.preset().aliases()) data.add(entry(alias, target, target.modelId()));
        }
        ctx.json(Map.of("object", "list", "data", data));
    }

    private static Map<String, Object> entry(String id, ModelView model, String aliasOf) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("object", "model");
        e.put("created", 0);
        String publisher = model.model().publisher();
        e.put("owned_by", publisher == null || publisher.isBlank() ? "lmdeck" : publisher);
        e.put("type", model.type().wire());
        if (aliasOf != null) e.put("alias_of", aliasOf);
        return e;
    }

    /** {@code POST} one of the inference endpoints. */
    public void forward(Context ctx, Endpoint endpoint) {
        Dialect dialect = endpoint.dialect();
        byte[] body;
        try {
            body = ctx.req().getInputStream().readNBytes(ModelField.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            return; // the client is gone before its request was even read
        }
        if (body.length > ModelField.MAX_BODY_BYTES) {
            refuse(ctx, endpoint, dialect.refusal(413, "payload_too_large", "The request body is larger than 32 MiB.", null));
            return;
        }
        ModelField.Found found;
        try {
            found = ModelField.find(body);
        } catch (MalformedRequestException e) {
            refuse(ctx, endpoint, dialect.malformed(e));
            return;
        }
        String modelId = resolve(found.model());
        if (modelId == null) {
            refuse(ctx, endpoint, dialect.modelNotFound(found.model()));
            return;
        }
        String userAgent = ctx.userAgent();
        GatewayRequest request = new GatewayRequest(idPrefix + ids.incrementAndGet(), modelId, endpoint.path(),
                ctx.ip() + (userAgent == null ? "" : " " + userAgent), Instant.now());
        GatewayExchange exchange = new GatewayExchange(this, request, endpoint, body, found, ctx.headerMap(), ctx.res());
        ctx.future(() -> exchange.start(ctx.req().getAsyncContext()));
    }

    /**
     * The model key a request's {@code model} names: a key, an alias (contract §7), or either with {@code @default};
     * null when LM Studio has no such LLM or embedding model.
     */
    String resolve(String asked) {
        Catalog catalog = lifecycle.catalog(); // a key is the common case: it never reads the presets' store
        if (servable(catalog, asked)) return asked;
        int at = asked.lastIndexOf('@');
        String name = at > 0 && asked.substring(at + 1).equals(DEFAULT_HOST) ? asked.substring(0, at) : asked;
        if (!name.equals(asked) && servable(catalog, name)) return name;
        String key = presets.resolve(name);
        return servable(catalog, key) ? key : null;
    }

    private static boolean servable(Catalog catalog, String key) {
        return catalog.models().stream().anyMatch(m -> m.modelId().equals(key)
                && (m.type() == ModelType.LLM || m.type() == ModelType.EMBEDDING));
    }

    /**
     * A request refused before it names a model lmdeck knows: counted under {@link #NO_MODEL} (a label per unknown
     * name would let any caller grow the metrics without bound), never queued, so it has no request events.
     */
    private void refuse(Context ctx, Endpoint endpoint, GatewayError error) {
        metrics.gatewayRequest(NO_MODEL, endpoint.path(), error.status());
        answer(ctx.res(), error);
    }

    /** Writes one of the gateway's own answers and commits it, so nothing after the route adds to it. */
    static void answer(HttpServletResponse res, GatewayError error) {
        try {
            res.setStatus(error.status());
            error.headers().forEach(res::setHeader);
            res.setContentType("application/json");
            res.setContentLength(error.body().length);
            OutputStream out = res.getOutputStream();
            out.write(error.body());
            res.flushBuffer();
        } catch (IOException | RuntimeException gone) {
            // the client left; nobody is there to read the answer
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        relays.shutdownNow();
    }
}
