-- The token ledger: one row per request, written 'pending' before bytes go upstream and 'settled'
-- after. Money is integer nano-USD (1e-9 USD): exact on SQLite and PostgreSQL alike, sums never round.
-- Flags are SMALLINT 0/1 so the same SQL runs on both databases.
CREATE TABLE ledger (
    id                   VARCHAR(40)   PRIMARY KEY,
    created_at           BIGINT        NOT NULL,
    settled_at           BIGINT,
    state                VARCHAR(16)   NOT NULL,
    node                 VARCHAR(100),
    tenant               VARCHAR(200)  NOT NULL,
    key_id               VARCHAR(40),
    feature              VARCHAR(200),
    run_id               VARCHAR(200),
    task                 VARCHAR(20),
    sensitivity          VARCHAR(20),
    entity_types         VARCHAR(400),
    policy_version       VARCHAR(40),
    decision_id          VARCHAR(40),
    decision_summary     VARCHAR(1000),
    requested_model      VARCHAR(200),
    provider             VARCHAR(100),
    model                VARCHAR(200),
    boundary             VARCHAR(20),
    region               VARCHAR(50),
    attempts             INT           NOT NULL DEFAULT 0,
    attempts_json        TEXT,
    fallback             SMALLINT      NOT NULL DEFAULT 0,
    spilled              SMALLINT      NOT NULL DEFAULT 0,
    streamed             SMALLINT      NOT NULL DEFAULT 0,
    status               VARCHAR(20),
    http_status          INT,
    error                VARCHAR(1000),
    input_tokens         BIGINT        NOT NULL DEFAULT 0,
    cached_input_tokens  BIGINT        NOT NULL DEFAULT 0,
    cache_write_tokens   BIGINT        NOT NULL DEFAULT 0,
    output_tokens        BIGINT        NOT NULL DEFAULT 0,
    reasoning_tokens     BIGINT        NOT NULL DEFAULT 0,
    usage_estimated      SMALLINT      NOT NULL DEFAULT 0,
    cost_nusd            BIGINT        NOT NULL DEFAULT 0,
    baseline_nusd        BIGINT        NOT NULL DEFAULT 0,
    reserved_nusd        BIGINT        NOT NULL DEFAULT 0,
    price_version        VARCHAR(40),
    latency_ms           BIGINT,
    ttft_ms              BIGINT,
    cache_outcome        VARCHAR(20),
    prompt_hash          CHAR(64),
    prompt_text          TEXT,
    completion_text      TEXT
);
CREATE INDEX ledger_time ON ledger (created_at);
CREATE INDEX ledger_tenant_time ON ledger (tenant, created_at);
CREATE INDEX ledger_state ON ledger (state);

-- How far each node's journal has been applied to this store.
CREATE TABLE ledger_checkpoints (
    node        VARCHAR(100) PRIMARY KEY,
    journal     VARCHAR(500) NOT NULL,
    offset_bytes BIGINT      NOT NULL,
    updated_at  BIGINT       NOT NULL
);

-- Spend limits. scope: tenant | key | feature | run; time_window: day | month | total (UTC).
CREATE TABLE budgets (
    id           VARCHAR(40)  PRIMARY KEY,
    tenant       VARCHAR(200),
    scope        VARCHAR(20)  NOT NULL,
    scope_value  VARCHAR(200) NOT NULL,
    time_window  VARCHAR(10)  NOT NULL,
    limit_nusd   BIGINT       NOT NULL,
    soft_nusd    BIGINT,
    action       VARCHAR(20)  NOT NULL,
    created_at   BIGINT       NOT NULL
);

-- Per-tenant data handling: prompt/completion text is off unless store_text = 1.
CREATE TABLE tenant_settings (
    tenant          VARCHAR(200) PRIMARY KEY,
    store_text      SMALLINT     NOT NULL DEFAULT 0,
    retention_days  INT
);

CREATE TABLE erasures (
    id             VARCHAR(40)  PRIMARY KEY,
    tenant         VARCHAR(200) NOT NULL,
    erased_at      BIGINT       NOT NULL,
    rows_affected  BIGINT       NOT NULL
);

ALTER TABLE api_keys ADD COLUMN rpm_limit INT;
ALTER TABLE api_keys ADD COLUMN tpm_limit INT;
ALTER TABLE api_keys ADD COLUMN is_admin SMALLINT NOT NULL DEFAULT 0;
