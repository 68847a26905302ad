package io.lmdeck.lmstudio.sim.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.lmdeck.lmstudio.sim.engine.ModelEngine;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /api/v1/models/download} and {@code GET /api/v1/models/download/status/:job_id}: a model already
 * in the catalogue is {@code already_downloaded}; anything else becomes a job that goes downloading → completed
 * at a speed tied to the load speed. Downloaded models are not added to the catalogue.
 */
public final class RestV1Downloads {
    private static final long BYTES_PER_SECOND_AT_1S_PER_GB = 1_000_000_000L;

    private final ModelEngine engine;
    private final Responses responses;
    private final Ids ids;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public RestV1Downloads(ModelEngine engine, Responses responses, long seed) {
        this.engine = engine;
        this.responses = responses;
        this.ids = new Ids(seed + 2);
    }

    private record Job(String id, long totalBytes, long startedAtMillis, long bytesPerSecond) {}

    public void register(JavalinDefaultRoutingApi routes) {
        routes.post("/api/v1/models/download", this::download);
        routes.get("/api/v1/models/download/status/{job_id}", this::status);
    }

    private void download(Context ctx) {
        ObjectNode body = responses.bodyObject(ctx);
        Zod.closed(body, Set.of("model", "quantization"));
        String model = Zod.requiredString(body, "model");
        Zod.optionalString(body, "quantization");
        if (engine.catalog().find(model).isPresent()) {
            responses.json(ctx, 200, responses.object().put("status", "already_downloaded"));
            return;
        }
        long total = 500_000_000L + Math.floorMod((long) model.hashCode() * 7919L, 4_000_000_000L);
        double secondsPerGb = engine.settings().loadSecondsPerGb();
        long speed = secondsPerGb <= 0 ? Long.MAX_VALUE : (long) (BYTES_PER_SECOND_AT_1S_PER_GB / secondsPerGb);
        Job job = new Job(ids.job(), total, engine.clock().millis(), Math.max(1, speed));
        jobs.put(job.id(), job);
        responses.json(ctx, 200, statusOf(job));
    }

    private void status(Context ctx) {
        Job job = jobs.get(ctx.pathParam("job_id"));
        if (job == null) {
            throw new ApiError(404, "job_not_found", "No download job with id \"" + ctx.pathParam("job_id") + "\"",
                    null, null);
        }
        responses.json(ctx, 200, statusOf(job));
    }

    private ObjectNode statusOf(Job job) {
        long elapsedMs = Math.max(0, engine.clock().millis() - job.startedAtMillis());
        long done = job.bytesPerSecond() == Long.MAX_VALUE ? job.totalBytes()
                : Math.min(job.totalBytes(), elapsedMs * job.bytesPerSecond() / 1000);
        ObjectNode n = responses.object();
        n.put("job_id", job.id());
        boolean completed = done >= job.totalBytes();
        n.put("status", completed ? "completed" : "downloading");
        n.put("total_size_bytes", job.totalBytes());
        n.put("downloaded_bytes", done);
        n.put("started_at", Instant.ofEpochMilli(job.startedAtMillis()).toString());
        if (completed) {
            long finishedMs = job.startedAtMillis() + job.totalBytes() * 1000 / Math.max(1, Math.min(job.bytesPerSecond(),
                    Long.MAX_VALUE / 1000));
            n.put("completed_at", Instant.ofEpochMilli(Math.min(finishedMs, engine.clock().millis())).toString());
        } else {
            n.put("bytes_per_second", job.bytesPerSecond());
            long remainingMs = (job.totalBytes() - done) * 1000 / job.bytesPerSecond();
            n.put("estimated_completion", Instant.ofEpochMilli(engine.clock().millis() + remainingMs).toString());
        }
        return n;
    }
}
