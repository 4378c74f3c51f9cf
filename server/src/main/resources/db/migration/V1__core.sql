-- Parley core schema. Portable between PostgreSQL and H2 (MODE=PostgreSQL): no ON CONFLICT,
-- no partial indexes, TIMESTAMP WITH TIME ZONE rather than TIMESTAMPTZ.

CREATE TABLE users (
    id            UUID                     NOT NULL PRIMARY KEY,
    username      VARCHAR(32)              NOT NULL,
    password_hash VARCHAR(100)             NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX users_username_uq ON users (username);

CREATE TABLE rooms (
    name       VARCHAR(64)              NOT NULL PRIMARY KEY,
    created_by UUID                     NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE room_members (
    room      VARCHAR(64)              NOT NULL REFERENCES rooms (name),
    user_id   UUID                     NOT NULL REFERENCES users (id),
    joined_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (room, user_id)
);
CREATE INDEX room_members_user_idx ON room_members (user_id);

-- The archive, fed by consuming the message log. server_msg_id is derived from
-- (sender_id, client_msg_id), so a retried send can never be archived twice; seq is the
-- record's offset in the log partition its conversation maps to.
CREATE TABLE messages (
    server_msg_id   UUID                     NOT NULL PRIMARY KEY,
    conversation_id VARCHAR(100)             NOT NULL,
    seq             BIGINT                   NOT NULL,
    log_partition   INTEGER                  NOT NULL,
    sender_id       UUID                     NOT NULL,
    sender_username VARCHAR(32)              NOT NULL,
    recipient_id    UUID,
    room            VARCHAR(64),
    client_msg_id   VARCHAR(64)              NOT NULL,
    content         VARCHAR                  NOT NULL,
    attachment_url  VARCHAR(4096),
    sent_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX messages_conversation_seq_uq ON messages (conversation_id, seq);
