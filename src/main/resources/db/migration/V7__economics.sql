-- Market price versions: one row per refresh that changed at least one routed price (issue 10).
CREATE TABLE price_versions (
    id          VARCHAR(40)   PRIMARY KEY,
    created_at  BIGINT        NOT NULL,
    source      VARCHAR(1000) NOT NULL,
    actor       VARCHAR(100)  NOT NULL,
    changes     INT           NOT NULL
);
CREATE INDEX price_versions_time ON price_versions (created_at);

-- Every price change, before and after. Prices are USD per 1M tokens as exact decimal text (no float on
-- either database). The newest row per model is its current market price.
CREATE TABLE price_history (
    version_id     VARCHAR(40)  NOT NULL,
    model          VARCHAR(200) NOT NULL,
    market_id      VARCHAR(200) NOT NULL,
    input_usd      VARCHAR(40)  NOT NULL,
    cached_usd     VARCHAR(40),
    output_usd     VARCHAR(40)  NOT NULL,
    context_length BIGINT,
    prev_input_usd  VARCHAR(40),
    prev_cached_usd VARCHAR(40),
    prev_output_usd VARCHAR(40),
    prev_context_length BIGINT,
    PRIMARY KEY (version_id, model)
);
CREATE INDEX price_history_model ON price_history (model);

-- Trace imports (seed 004's trace kit): provider logs loaded into the ledger as external records.
CREATE TABLE trace_imports (
    id             VARCHAR(40)   PRIMARY KEY,
    imported_at    BIGINT        NOT NULL,
    source         VARCHAR(1000) NOT NULL,
    tenant         VARCHAR(200)  NOT NULL,
    rows_imported  BIGINT        NOT NULL,
    rows_rejected  BIGINT        NOT NULL
);

-- What a trace row says that a ledger row has no column for; id = ledger.id of the external record.
CREATE TABLE ledger_external (
    id              VARCHAR(40)  PRIMARY KEY,
    import_id       VARCHAR(40)  NOT NULL,
    source_line     BIGINT       NOT NULL,
    accepted        SMALLINT,
    retries         INT          NOT NULL DEFAULT 0,
    cache_hit       SMALLINT,
    batch_eligible  SMALLINT,
    fallback_route  VARCHAR(200),
    utilisation     DOUBLE PRECISION
);
CREATE INDEX ledger_external_import ON ledger_external (import_id);
