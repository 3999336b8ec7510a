-- The orchestration plane's durable task ledger (same store as the token ledger). Times are epoch ms,
-- money nano-USD. A run is driven by one node at a time (driver lease); a task is executed by one worker
-- at a time (task lease). An expired lease is taken over, so after kill -9 nothing is lost, and a task
-- whose result was committed ('done') is never executed again.
CREATE TABLE runs (
    id              VARCHAR(40)   PRIMARY KEY,
    tenant          VARCHAR(200)  NOT NULL,
    principal_json  TEXT          NOT NULL,
    goal            TEXT          NOT NULL,
    profile         VARCHAR(100)  NOT NULL,
    sensitivity     VARCHAR(20),
    budget_nusd     BIGINT        NOT NULL,
    max_tasks       INT           NOT NULL,
    max_depth       INT           NOT NULL,
    max_wall_ms     BIGINT        NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    reason          VARCHAR(2000),
    plan_json       TEXT,
    result          TEXT,
    cost_nusd       BIGINT        NOT NULL DEFAULT 0,
    driver          VARCHAR(100),
    driver_until    BIGINT,
    created_at      BIGINT        NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX runs_state ON runs (state);

CREATE TABLE run_tasks (
    run_id          VARCHAR(40)   NOT NULL,
    id              VARCHAR(100)  NOT NULL,
    parent_id       VARCHAR(100),
    depth           INT           NOT NULL,
    seq             INT           NOT NULL,
    instruction     TEXT          NOT NULL,
    task_class      VARCHAR(20)   NOT NULL,
    depends_on      VARCHAR(2000) NOT NULL,
    tools           VARCHAR(1000) NOT NULL,
    acceptance      VARCHAR(2000),
    idempotency_key VARCHAR(200)  NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    needs_approval  SMALLINT      NOT NULL DEFAULT 0,
    approval        VARCHAR(20),
    decided_by      VARCHAR(200),
    decided_at      BIGINT,
    lease_owner     VARCHAR(100),
    lease_until     BIGINT,
    attempts        INT           NOT NULL DEFAULT 0,
    result          TEXT,
    error           VARCHAR(2000),
    cost_nusd       BIGINT        NOT NULL DEFAULT 0,
    created_at      BIGINT        NOT NULL,
    finished_at     BIGINT,
    PRIMARY KEY (run_id, id)
);
CREATE UNIQUE INDEX run_tasks_idempotency ON run_tasks (idempotency_key);
CREATE INDEX run_tasks_state ON run_tasks (run_id, state);

-- Every model call a run made (each is also a row in the token ledger, under the same request id).
CREATE TABLE run_calls (
    request_id      VARCHAR(40)   PRIMARY KEY,
    run_id          VARCHAR(40)   NOT NULL,
    task_id         VARCHAR(100),
    purpose         VARCHAR(20)   NOT NULL,
    task_class      VARCHAR(20)   NOT NULL,
    model           VARCHAR(200),
    route           VARCHAR(300),
    input_tokens    BIGINT        NOT NULL,
    output_tokens   BIGINT        NOT NULL,
    cost_nusd       BIGINT        NOT NULL,
    baseline_nusd   BIGINT        NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    at              BIGINT        NOT NULL
);
CREATE INDEX run_calls_run ON run_calls (run_id, at);

-- Tool calls found in model output: executed, denied by the profile, or failed.
CREATE TABLE run_tool_calls (
    id              VARCHAR(40)   PRIMARY KEY,
    run_id          VARCHAR(40)   NOT NULL,
    task_id         VARCHAR(100)  NOT NULL,
    tool            VARCHAR(100)  NOT NULL,
    arguments       VARCHAR(2000),
    outcome         VARCHAR(20)   NOT NULL,
    detail          VARCHAR(2000),
    at              BIGINT        NOT NULL
);
CREATE INDEX run_tool_calls_run ON run_tool_calls (run_id, at);

-- The run's event feed (SSE reads it by sequence number, so any node can serve it).
CREATE TABLE run_events (
    run_id          VARCHAR(40)   NOT NULL,
    seq             BIGINT        NOT NULL,
    at              BIGINT        NOT NULL,
    type            VARCHAR(40)   NOT NULL,
    data            TEXT          NOT NULL,
    PRIMARY KEY (run_id, seq)
);
