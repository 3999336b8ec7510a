-- Virtual keys. Only a SHA-256 hash of each key is stored; the key is shown once at creation.
CREATE TABLE api_keys (
    id          VARCHAR(40)  PRIMARY KEY,
    tenant      VARCHAR(200) NOT NULL,
    name        VARCHAR(200),
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    key_prefix  VARCHAR(16)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant);
