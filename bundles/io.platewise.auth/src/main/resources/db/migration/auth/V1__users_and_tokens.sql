-- Portable between HSQLDB and PostgreSQL: standard types only, no vendor functions.
CREATE TABLE auth_user (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE auth_token (
    id            VARCHAR(32)  NOT NULL PRIMARY KEY,
    user_name     VARCHAR(64)  NOT NULL REFERENCES auth_user (name) ON DELETE CASCADE,
    label         VARCHAR(100) NOT NULL,
    secret_sha256 VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX auth_token_user ON auth_token (user_name);
