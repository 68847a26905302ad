package io.lmdeck.presets;

import io.lmdeck.lifecycle.GpuOffload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Presets in the tables of migration V2 ({@code preset}, {@code preset_alias}), in the same database as the activity
 * log (SQLite or PostgreSQL; the SQL is common to both). The schema is Flyway's: the activity log migrates it
 * before this store is used.
 */
public final class JdbcPresetStore implements PresetStore {
    private static final String COLUMNS = "model_id, context_length, gpu_offload, parallel, ttl_seconds, pinned";
    private static final String UPSERT = "INSERT INTO preset (" + COLUMNS + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (model_id) DO UPDATE SET context_length = excluded.context_length,"
            + " gpu_offload = excluded.gpu_offload, parallel = excluded.parallel, ttl_seconds = excluded.ttl_seconds,"
            + " pinned = excluded.pinned, updated_at = excluded.updated_at";

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcPresetStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public List<Preset> all() {
        return inTransaction(connection -> read(connection, null));
    }

    @Override
    public Optional<Preset> find(String modelId) {
        return inTransaction(connection -> read(connection, modelId).stream().findFirst());
    }

    @Override
    public void save(Preset preset) {
        inTransaction(connection -> {
            requireAliasesFree(connection, preset);
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, preset.modelId());
                setInteger(upsert, 2, preset.contextLength());
                upsert.setString(3, gpuOffloadText(preset.gpuOffload()));
                setInteger(upsert, 4, preset.parallel());
                setInteger(upsert, 5, preset.ttlSeconds());
                upsert.setBoolean(6, preset.pinned());
                upsert.setLong(7, clock.millis());
                upsert.executeUpdate();
            }
            deleteAliases(connection, preset.modelId());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO preset_alias (alias, model_id, position) VALUES (?, ?, ?)")) {
                for (int i = 0; i < preset.aliases().size(); i++) {
                    insert.setString(1, preset.aliases().get(i));
                    insert.setString(2, preset.modelId());
                    insert.setInt(3, i);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public boolean delete(String modelId) {
        return inTransaction(connection -> {
            deleteAliases(connection, modelId);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM preset WHERE model_id = ?")) {
                delete.setString(1, modelId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Checked inside the transaction for a clear message; the alias primary key is the backstop. */
    private static void requireAliasesFree(Connection connection, Preset preset) throws SQLException {
        try (PreparedStatement owner = connection.prepareStatement(
                "SELECT model_id FROM preset_alias WHERE alias = ? AND model_id <> ?")) {
            for (String alias : preset.aliases()) {
                owner.setString(1, alias);
                owner.setString(2, preset.modelId());
                try (ResultSet rows = owner.executeQuery()) {
                    if (rows.next()) {
                        throw new PresetConflictException("Alias '" + alias + "' already names " + rows.getString(1));
                    }
                }
            }
        }
    }

    private static void deleteAliases(Connection connection, String modelId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM preset_alias WHERE model_id = ?")) {
            delete.setString(1, modelId);
            delete.executeUpdate();
        }
    }

    /** Every preset, or the one of {@code modelId} when not null, with its aliases in their order. */
    private static List<Preset> read(Connection connection, String modelId) throws SQLException {
        String where = modelId == null ? "" : " WHERE model_id = ?";
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT model_id, alias FROM preset_alias" + where + " ORDER BY model_id, position")) {
            if (modelId != null) {
                select.setString(1, modelId);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    aliases.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        List<Preset> presets = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM preset" + where + " ORDER BY model_id")) {
            if (modelId != null) {
                select.setString(1, modelId);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    presets.add(new Preset(id, getInteger(rows, 2), gpuOffload(rows.getString(3)), getInteger(rows, 4),
                            getInteger(rows, 5), rows.getBoolean(6), aliases.getOrDefault(id, List.of())));
                }
            }
        }
        return presets;
    }

    private static String gpuOffloadText(GpuOffload offload) {
        if (offload == null) {
            return null;
        }
        return offload.max() ? "max" : Double.toString(offload.ratio());
    }

    private static GpuOffload gpuOffload(String text) {
        if (text == null) {
            return null;
        }
        return text.equals("max") ? GpuOffload.maximum() : GpuOffload.ratio(Double.parseDouble(text));
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static Integer getInteger(ResultSet rows, int index) throws SQLException {
        int value = rows.getInt(index);
        return rows.wasNull() ? null : value;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                // Another writer took an alias between our check and our insert (the alias primary key caught it).
                throw new PresetConflictException("An alias was just taken by another model; read the presets and retry");
            }
            throw new PresetStoreException("The presets in the database failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** SQLState class 23 (PostgreSQL), or SQLite's SQLITE_CONSTRAINT result code. */
    private static boolean isConstraintViolation(SQLException e) {
        return (e.getSQLState() != null && e.getSQLState().startsWith("23")) || (e.getErrorCode() & 0xff) == 19;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
