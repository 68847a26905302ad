-- Presets per model (contract section 7), set through the API, the CLI or the UI; a preset from --config applies
-- only to models without a row here. Valid for both SQLite and PostgreSQL: plain types, no engine-specific DDL.
-- A NULL setting means "LM Studio's default". gpu_offload is the text "max" or a ratio from 0 to 1 ("0.5").
-- updated_at is epoch milliseconds (UTC).
CREATE TABLE preset (
    model_id TEXT NOT NULL PRIMARY KEY,
    context_length INTEGER,
    gpu_offload TEXT,
    parallel INTEGER,
    ttl_seconds INTEGER,
    pinned BOOLEAN NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per alias: the primary key makes an alias name one model at most, in every replica.
-- position keeps the aliases in the order they were given. Rows go with their preset (deleted explicitly: SQLite
-- enforces foreign keys only when asked to).
CREATE TABLE preset_alias (
    alias TEXT NOT NULL PRIMARY KEY,
    model_id TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE INDEX preset_alias_model_id ON preset_alias (model_id);
