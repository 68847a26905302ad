package io.lmdeck.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lmdeck.events.Cause;
import io.lmdeck.events.EventType;
import io.lmdeck.events.LifecycleEvent;
import io.lmdeck.wire.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps lifecycle events to rows of the {@code activity} table and back. */
final class ActivityRows {
    static final String COLUMNS = "id, at, type, model_id, operation_id, cause, message, details";
    static final String INSERT = "INSERT INTO activity (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static final TypeReference<LinkedHashMap<String, Object>> DETAILS = new TypeReference<>() { };
    private final ObjectMapper json = Json.newMapper();

    void bind(PreparedStatement insert, LifecycleEvent event) throws SQLException {
        if (event.id() <= LifecycleEvent.UNASSIGNED) {
            throw new IllegalArgumentException("event has no journal id: " + event);
        }
        insert.setLong(1, event.id());
        insert.setLong(2, event.at().toEpochMilli());
        insert.setString(3, event.type().wireName());
        setNullableString(insert, 4, event.modelId());
        setNullableString(insert, 5, event.operationId());
        insert.setString(6, event.cause().wireName());
        insert.setString(7, event.message());
        insert.setString(8, detailsJson(event.details()));
    }

    List<LifecycleEvent> read(ResultSet rows) throws SQLException {
        List<LifecycleEvent> events = new ArrayList<>();
        while (rows.next()) {
            String typeName = rows.getString(3);
            EventType type = EventType.fromWireName(typeName)
                    .orElseThrow(() -> new SQLException("unknown event type in the activity log: " + typeName));
            events.add(new LifecycleEvent(
                    rows.getLong(1),
                    type,
                    Instant.ofEpochMilli(rows.getLong(2)),
                    rows.getString(4),
                    rows.getString(5),
                    Cause.parse(rows.getString(6)),
                    rows.getString(7),
                    details(rows.getString(8))));
        }
        return events;
    }

    private String detailsJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event details are not JSON-friendly: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, Object> details(String text) throws SQLException {
        try {
            Map<String, Object> details = json.readValue(text, DETAILS);
            // LifecycleEvent copies details with Map.copyOf, which refuses null values.
            details.values().removeIf(value -> value == null);
            return details;
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable details in the activity log: " + e.getOriginalMessage(), e);
        }
    }

    private static void setNullableString(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
