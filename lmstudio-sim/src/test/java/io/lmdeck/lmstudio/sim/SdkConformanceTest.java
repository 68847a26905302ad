package io.lmdeck.lmstudio.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the official {@code @lmstudio/sdk} 2.0.0 from npm against the simulator: list, load with progress,
 * second instance, cancel, unknown model, unload, getOrLoad, embeddings. The SDK validates every payload and hangs
 * on a mismatch, so this catches shape errors our own tests could share with the simulator. It fails (never skips)
 * when node or npm cannot run.
 */
class SdkConformanceTest {
    private static final Path SOURCE = Path.of("src/test/sdk-conformance");
    private static final Path WORK = Path.of("target/sdk-conformance");

    @BeforeAll
    static void installSdk() throws Exception {
        Files.createDirectories(WORK);
        for (String f : new String[] {"package.json", "package-lock.json", "conformance.mjs"}) {
            Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/@lmstudio/sdk"))) {
            Result install = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), 300);
            assertThat(install.exitCode).as("npm ci output:\n" + install.output).isZero();
        }
    }

    @Test
    void officialSdkListsLoadsCancelsAndUnloads() throws Exception {
        try (LmStudioSimulator sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.3).build().start()) {
            Result r = run(List.of("node", "conformance.mjs", sim.websocketUrl()), 180);
            assertThat(r.exitCode).as("SDK run:\n" + r.output).isZero();
            assertThat(r.output).contains("OK load with", "OK cancel", "OK unload", "OK getOrLoad", "OK done");
            assertThat(sim.control().instances()).isEmpty();
        }
    }

    @Test
    void officialSdkAuthenticatesWithAnApiToken() throws Exception {
        String token = "sk-lm-Zx9Yw8Vu:Tt7Ss6Rr5Qq4Pp3Oo2Nn";
        try (LmStudioSimulator sim = LmStudioSimulator.builder().port(0).loadSecondsPerGb(0.3).token(token)
                .build().start()) {
            Result r = run(List.of("node", "conformance.mjs", sim.websocketUrl(), token), 180);
            assertThat(r.exitCode).as("SDK run:\n" + r.output).isZero();
            assertThat(r.output).contains("OK done");
            Result wrong = run(List.of("node", "conformance.mjs", sim.websocketUrl(),
                    "sk-lm-Zx9Yw8Vu:AAAAAAAAAAAAAAAAAAAA", "--expect-auth-failure"), 60);
            assertThat(wrong.exitCode).as("SDK run with a wrong token:\n" + wrong.output).isZero();
            assertThat(wrong.output).contains("OK wrong token rejected").doesNotContain("Tt7Ss6Rr5Qq4Pp3Oo2Nn");
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        Process p = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output unreadable: ").append(e.getMessage()).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + out);
        }
        reader.join(5000);
        return new Result(p.exitValue(), out.toString());
    }
}
