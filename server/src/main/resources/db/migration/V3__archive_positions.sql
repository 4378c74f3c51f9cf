-- The archive keeps its own place in the log, in the same transaction as the rows it wrote, so a
-- crash, H2's delayed writes or a database restore can never leave it past rows it does not have.

CREATE TABLE archive_positions (
    log_partition INTEGER                  NOT NULL PRIMARY KEY,
    next_offset   BIGINT                   NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- An archive written before this table existed continues after the newest row of each partition
-- (each partition was archived in order, one transaction per batch).
INSERT INTO archive_positions (log_partition, next_offset, updated_at)
SELECT log_partition, MAX(seq) + 1, CURRENT_TIMESTAMP FROM messages GROUP BY log_partition;

-- Records the archive could not store for a reason other than a duplicate: kept, with why, so that
-- they can be repaired and replayed; their partition moves on.
CREATE TABLE dead_letters (
    log_partition  INTEGER                  NOT NULL,
    log_offset     BIGINT                   NOT NULL,
    server_msg_id  UUID,
    reason         VARCHAR(2000)            NOT NULL,
    payload_base64 VARCHAR                  NOT NULL,
    failed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (log_partition, log_offset)
);
