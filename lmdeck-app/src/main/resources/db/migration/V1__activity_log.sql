-- The persisted activity log: one row per journaled lifecycle event (contract section 3).
-- Valid for both SQLite and PostgreSQL: keep to plain types (BIGINT, TEXT) and plain indexes.
-- id comes from the event journal (explicit, strictly increasing, gaps allowed); at is epoch milliseconds (UTC).
CREATE TABLE activity (
    id BIGINT NOT NULL PRIMARY KEY,
    at BIGINT NOT NULL,
    type TEXT NOT NULL,
    model_id TEXT,
    operation_id TEXT,
    cause TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT NOT NULL
);

CREATE INDEX activity_at ON activity (at);
CREATE INDEX activity_model_id ON activity (model_id, id);
CREATE INDEX activity_type_id ON activity (type, id);
