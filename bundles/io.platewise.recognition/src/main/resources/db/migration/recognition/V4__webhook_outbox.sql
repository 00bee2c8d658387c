-- Portable between HSQLDB and PostgreSQL.
-- Webhook posts not yet taken by their receiver: written before the first attempt, removed when one
-- succeeds or the last retry fails, so that the posts still being retried when the server stops are
-- sent at its next start instead of being lost with the memory that held them.
CREATE TABLE webhook_outbox (
    delivery   VARCHAR(36)     NOT NULL PRIMARY KEY,
    task_id    VARCHAR(64)     NOT NULL,
    event      VARCHAR(64)     NOT NULL,
    body       VARCHAR(262144) NOT NULL,
    attempts   INTEGER         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX webhook_outbox_created ON webhook_outbox (created_at);
