package io.lmdeck.lmstudio.sim;

import io.lmdeck.lmstudio.sim.catalog.ModelCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/** Builds an {@link LmStudioSimulator}. Defaults: 127.0.0.1:1234, demo catalogue, 1 s/GB, no auth, JIT on,
 * seed 42, 24 GiB memory budget, system clock, 15 ms per streamed token. */
public final class SimulatorBuilder {
    /** The SDK's token format: {@code sk-lm-<8 alnum>:<20 alnum>}. */
    public static final Pattern TOKEN_FORMAT = Pattern.compile("sk-lm-[A-Za-z0-9]{8}:[A-Za-z0-9]{20}");

    private String host = "127.0.0.1";
    private int port = 1234;
    private ModelCatalog catalog;
    private double loadSecondsPerGb = 1.0;
    private String token;
    private boolean jit = true;
    private long seed = 42;
    private long memoryBudgetBytes = 24L << 30;
    private Clock clock = Clock.systemUTC();
    private long tokenDelayMillis = 15;

    SimulatorBuilder() {}

    public SimulatorBuilder host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    /** 0 picks a free port. */
    public SimulatorBuilder port(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        this.port = port;
        return this;
    }

    public SimulatorBuilder catalog(ModelCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog);
        return this;
    }

    public SimulatorBuilder catalogFile(Path file) {
        return catalog(ModelCatalog.fromFile(file));
    }

    public SimulatorBuilder loadSecondsPerGb(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) throw new IllegalArgumentException("load seconds per GB must be >= 0");
        this.loadSecondsPerGb = seconds;
        return this;
    }

    /** LM Studio auth mode: every request must present this token ({@code sk-lm-XXXXXXXX:YYYY…}); null = off. */
    public SimulatorBuilder token(String token) {
        if (token != null && !TOKEN_FORMAT.matcher(token).matches()) {
            throw new IllegalArgumentException("token must look like sk-lm-XXXXXXXX:YYYYYYYYYYYYYYYYYYYY");
        }
        this.token = token;
        return this;
    }

    public SimulatorBuilder jit(boolean jit) {
        this.jit = jit;
        return this;
    }

    public SimulatorBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public SimulatorBuilder memoryBudgetBytes(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("memory budget must be positive");
        this.memoryBudgetBytes = bytes;
        return this;
    }

    /** Wall clock for timestamps and idle-TTL expiry (load progress runs on real elapsed time). */
    public SimulatorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public SimulatorBuilder tokenDelayMillis(long millis) {
        this.tokenDelayMillis = Math.max(0, millis);
        return this;
    }

    public LmStudioSimulator build() {
        return new LmStudioSimulator(new SimulatorConfig(host, port, catalog != null ? catalog : ModelCatalog.demo(),
                loadSecondsPerGb, token, jit, seed, memoryBudgetBytes, clock, tokenDelayMillis));
    }
}
