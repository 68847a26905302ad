package io.lmdeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh fake lmdeck server (catalogue and status answered) around each test. */
abstract class FakeServerTest {
    protected final ObjectMapper json = new ObjectMapper();
    protected FakeLmdeck server;

    @BeforeEach
    void startFakeServer() throws Exception {
        server = Fixtures.server();
    }

    @AfterEach
    void stopFakeServer() {
        server.close();
    }
}
