-- The batch lane: uploaded files, batches (OpenAI Batch API objects) and their items, a durable queue.
-- Times are epoch milliseconds; money is nano-USD like the ledger. Items are leased while they run
-- (lease_owner, lease_until), so a node that dies leaves work another node or its own restart takes over.
CREATE TABLE batch_files (
    id          VARCHAR(40)   PRIMARY KEY,
    tenant      VARCHAR(200)  NOT NULL,
    purpose     VARCHAR(40)   NOT NULL,
    filename    VARCHAR(500)  NOT NULL,
    bytes       BIGINT        NOT NULL,
    created_at  BIGINT        NOT NULL,
    content     TEXT          NOT NULL
);
CREATE INDEX batch_files_tenant ON batch_files (tenant, created_at);

CREATE TABLE batches (
    id                 VARCHAR(40)   PRIMARY KEY,
    tenant             VARCHAR(200)  NOT NULL,
    key_id             VARCHAR(40)   NOT NULL,
    endpoint           VARCHAR(100)  NOT NULL,
    input_file_id      VARCHAR(40)   NOT NULL,
    output_file_id     VARCHAR(40),
    error_file_id      VARCHAR(40),
    completion_window  VARCHAR(10)   NOT NULL,
    status             VARCHAR(20)   NOT NULL,
    errors             TEXT,
    metadata           TEXT,
    signals            TEXT,
    created_at         BIGINT        NOT NULL,
    in_progress_at     BIGINT,
    expires_at         BIGINT        NOT NULL,
    finalizing_at      BIGINT,
    completed_at       BIGINT,
    failed_at          BIGINT,
    expired_at         BIGINT,
    cancelling_at      BIGINT,
    cancelled_at       BIGINT
);
CREATE INDEX batches_tenant ON batches (tenant, created_at);
CREATE INDEX batches_status ON batches (status);

-- state: queued | running | done | failed | expired | cancelled. owned_route 0 = no owned model can
-- serve the item (it waits for its deadline instead of being tried on owned capacity every tick).
CREATE TABLE batch_items (
    id            VARCHAR(40)   PRIMARY KEY,
    batch_id      VARCHAR(40)   NOT NULL,
    seq           INT           NOT NULL,
    custom_id     VARCHAR(200)  NOT NULL,
    body          TEXT          NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    deadline      BIGINT        NOT NULL,
    not_before    BIGINT        NOT NULL DEFAULT 0,
    attempts      INT           NOT NULL DEFAULT 0,
    owned_route   SMALLINT,
    lease_owner   VARCHAR(100),
    lease_until   BIGINT,
    request_id    VARCHAR(60),
    route         VARCHAR(20),
    model         VARCHAR(200),
    status_code   INT,
    response      TEXT,
    input_tokens  BIGINT        NOT NULL DEFAULT 0,
    cached_tokens BIGINT        NOT NULL DEFAULT 0,
    output_tokens BIGINT        NOT NULL DEFAULT 0,
    reasoning_tokens BIGINT     NOT NULL DEFAULT 0,
    cost_nusd     BIGINT        NOT NULL DEFAULT 0,
    sync_nusd     BIGINT        NOT NULL DEFAULT 0,
    finished_at   BIGINT
);
CREATE INDEX batch_items_batch ON batch_items (batch_id, seq);
CREATE INDEX batch_items_batch_state ON batch_items (batch_id, state);
CREATE INDEX batch_items_queue ON batch_items (state, deadline);

-- Ledger rows of deferred work say so: lane 'batch-owned' | 'batch-discounted' | 'batch-sync' (null:
-- interactive), and sync_nusd is what the same usage would have cost on the synchronous route.
ALTER TABLE ledger ADD COLUMN lane VARCHAR(20);
ALTER TABLE ledger ADD COLUMN sync_nusd BIGINT NOT NULL DEFAULT 0;
