package io.lmdeck.activity;

import io.lmdeck.events.LifecycleEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity log in SQL (SQLite or PostgreSQL, same schema from the shared Flyway migrations). Reads are
 * keyset-paged on the primary key, so a page costs the same however deep it is.
 */
final class JdbcActivityLog implements ActivityLog {
    private final Database database;
    private final ActivityRows rows = new ActivityRows();
    private final RetentionPruner pruner;

    JdbcActivityLog(Database database, Retention retention, Clock clock) {
        this.database = database;
        this.pruner = new RetentionPruner(this, retention, clock);
    }

    /** Prunes now, then periodically (see {@link Retention}). */
    void startRetention() {
        pruner.start();
    }

    /** Applies retention right now; returns the number of deleted events. */
    long pruneNow() {
        return pruner.pruneNow();
    }

    Database database() {
        return database;
    }

    @Override
    public void append(LifecycleEvent event) {
        appendAll(List.of(event));
    }

    @Override
    public void appendAll(List<LifecycleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        database.withConnection(connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(ActivityRows.INSERT)) {
                // One transaction (one fsync) for all; plain executes rather than a JDBC batch, whose PostgreSQL
                // error path on a dropped connection trips an assertion inside the driver.
                for (LifecycleEvent event : events) {
                    rows.bind(insert, event);
                    insert.executeUpdate();
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            return null;
        });
    }

    @Override
    public ActivityPage page(ActivityQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + ActivityRows.COLUMNS + " FROM activity");
        List<Object> parameters = new ArrayList<>();
        String glue = " WHERE ";
        if (query.before() != null) {
            sql.append(glue).append("id < ?");
            parameters.add(query.before());
            glue = " AND ";
        }
        if (query.modelId() != null) {
            sql.append(glue).append("model_id = ?");
            parameters.add(query.modelId());
            glue = " AND ";
        }
        if (query.type() != null) {
            sql.append(glue).append("type = ?");
            parameters.add(query.type().wireName());
        }
        // One row more than asked tells whether another page follows, without a last empty page.
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(query.limit() + 1);
        List<LifecycleEvent> found = query(sql.toString(), parameters);
        if (found.size() <= query.limit()) {
            return new ActivityPage(found, null);
        }
        List<LifecycleEvent> items = found.subList(0, query.limit());
        return new ActivityPage(items, items.get(items.size() - 1).id());
    }

    @Override
    public List<LifecycleEvent> after(long afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return query("SELECT " + ActivityRows.COLUMNS + " FROM activity WHERE id > ? ORDER BY id ASC LIMIT ?",
                List.of(afterId, limit));
    }

    @Override
    public long maxId() {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MAX(id) FROM activity");
                 ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    /** Number of stored events (for retention and tests). */
    long count() {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM activity");
                 ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    /** Deletes the events matched by {@code idsToDelete} (a sub-select of ids, bound to {@code parameter}) in one statement. */
    int deleteBatch(String idsToDelete, long parameter) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM activity WHERE id IN (" + idsToDelete + ")")) {
                delete.setLong(1, parameter);
                return delete.executeUpdate();
            }
        });
    }

    /** The id of the {@code n}-th newest event (1 = newest), or null when there are fewer. */
    Long nthNewestId(long n) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM activity ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                select.setLong(1, n - 1);
                try (ResultSet result = select.executeQuery()) {
                    return result.next() ? result.getLong(1) : null;
                }
            }
        });
    }

    private List<LifecycleEvent> query(String sql, List<Object> parameters) {
        return database.withConnection(connection -> select(connection, sql, parameters));
    }

    private List<LifecycleEvent> select(Connection connection, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof String text) {
                    select.setString(i + 1, text);
                } else {
                    select.setLong(i + 1, ((Number) parameter).longValue());
                }
            }
            try (ResultSet result = select.executeQuery()) {
                return rows.read(result);
            }
        }
    }

    @Override
    public void close() {
        pruner.close();
        database.close();
    }
}
