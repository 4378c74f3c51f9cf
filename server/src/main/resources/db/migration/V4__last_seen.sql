-- When each user was last online (presence): written when a user's last session anywhere closes.
CREATE TABLE last_seen (
    user_id UUID PRIMARY KEY,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
