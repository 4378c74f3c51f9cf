-- Edits, deletes, reactions and replies (docs/protocol.md). Every change is a record in the log with its own seq;
-- the archive applies it to the message's row (current state) and keeps one row per change, for resume.

ALTER TABLE messages ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
-- A deleted message keeps its row as a tombstone: content '', no attachment, no quote.
ALTER TABLE messages ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE messages ADD COLUMN reply_to UUID;
ALTER TABLE messages ADD COLUMN reply_from VARCHAR(32);
ALTER TABLE messages ADD COLUMN reply_quote VARCHAR(200);
-- Clearing the quotes of replies when their original is deleted.
CREATE INDEX messages_reply_to_idx ON messages (reply_to);

-- One row per change record (edit, delete, reaction), at its seq in its conversation.
CREATE TABLE message_changes (
    change_id       UUID                     NOT NULL PRIMARY KEY,
    conversation_id VARCHAR(100)             NOT NULL,
    seq             BIGINT                   NOT NULL,
    log_partition   INTEGER                  NOT NULL,
    kind            VARCHAR(16)              NOT NULL,
    target_id       UUID                     NOT NULL,
    actor_id        UUID                     NOT NULL,
    actor_username  VARCHAR(32)              NOT NULL,
    emoji           VARCHAR(64),
    added           BOOLEAN,
    changed_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX message_changes_conversation_seq_uq ON message_changes (conversation_id, seq);

-- Who reacted with what: each user once per emoji and message.
CREATE TABLE reactions (
    message_id UUID                     NOT NULL,
    emoji      VARCHAR(64)              NOT NULL,
    user_id    UUID                     NOT NULL,
    username   VARCHAR(32)              NOT NULL,
    reacted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);

-- The newest seq of any event of the conversation (messages and changes), for resume.
ALTER TABLE conversations ADD COLUMN last_event_seq BIGINT;
