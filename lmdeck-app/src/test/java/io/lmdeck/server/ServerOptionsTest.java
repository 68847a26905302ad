package io.lmdeck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
    @Test
    void toStringNeverShowsSecrets() {
        ServerOptions o = new ServerOptions(8765, "127.0.0.1", URI.create("http://localhost:1234"), "sk-lm-abcdefgh:secretsecretsecret123",
                Path.of("/tmp/x"), "jdbc:postgresql://db/lmdeck?user=u&password=pw-secret", "u", "pw-secret2", "deck-token", false, List.of());
        assertThat(o.toString()).doesNotContain("secretsecret", "pw-secret", "deck-token").contains("8765", "jdbc:postgresql://db/lmdeck");
    }
}
