-- The batch lane's upstream path: items on the discounted route of a provider with its own batch API
-- are grouped into one batch at that provider. The row is written (and its items moved to state
-- 'upstream') before anything is sent, so a restart polls the batch it already has instead of sending
-- the items again. state: submitting (upstream_id not yet known) | submitted | done | failed.
-- lease_until doubles as the time of the next poll; lease_owner is the node polling it.
CREATE TABLE upstream_batches (
    id             VARCHAR(40)   PRIMARY KEY,
    provider       VARCHAR(200)  NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    upstream_id    VARCHAR(200),
    input_file_id  VARCHAR(200),
    upstream_status VARCHAR(40),
    items          INT           NOT NULL,
    created_at     BIGINT        NOT NULL,
    finished_at    BIGINT,
    lease_owner    VARCHAR(100),
    lease_until    BIGINT
);
CREATE INDEX upstream_batches_state ON upstream_batches (state, lease_until);

-- An item sent upstream: which upstream batch holds it and which model it was sent to.
ALTER TABLE batch_items ADD COLUMN upstream_batch VARCHAR(40);
ALTER TABLE batch_items ADD COLUMN upstream_model VARCHAR(200);
-- The synchronous route at submission, so savings (ledger sync_nusd) are measured against it after a restart too.
ALTER TABLE batch_items ADD COLUMN sync_model VARCHAR(200);
CREATE INDEX batch_items_upstream ON batch_items (upstream_batch);
