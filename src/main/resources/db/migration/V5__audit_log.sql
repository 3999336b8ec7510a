-- Changes the broker makes on its own (canary rollbacks) and operator actions worth a trail.
CREATE TABLE audit_log (
    id      VARCHAR(40)   PRIMARY KEY,
    at      BIGINT        NOT NULL,
    actor   VARCHAR(100)  NOT NULL,
    action  VARCHAR(100)  NOT NULL,
    detail  VARCHAR(2000)
);
CREATE INDEX audit_log_at ON audit_log (at);
