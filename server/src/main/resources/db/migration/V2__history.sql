-- History, unread counts and resume.

ALTER TABLE messages ADD COLUMN recipient_username VARCHAR(32);

-- One row per conversation that has messages: its newest seq, for listing and for resume.
CREATE TABLE conversations (
    id           VARCHAR(100)             NOT NULL PRIMARY KEY,
    last_seq     BIGINT                   NOT NULL,
    last_sent_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each participant's view of a direct conversation (two rows per conversation, one for a note to self).
CREATE TABLE direct_conversations (
    user_id         UUID                     NOT NULL,
    conversation_id VARCHAR(100)             NOT NULL,
    other_user_id   UUID                     NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);

-- How far each user has read each conversation. Only ever moves forward.
CREATE TABLE read_positions (
    user_id         UUID                     NOT NULL,
    conversation_id VARCHAR(100)             NOT NULL,
    seq             BIGINT                   NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
CREATE INDEX read_positions_conversation_idx ON read_positions (conversation_id);
