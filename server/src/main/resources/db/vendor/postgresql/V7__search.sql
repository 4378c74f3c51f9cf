-- Search on PostgreSQL (docs/architecture.md, "Search"): full-text search over message content.
-- The 'simple' configuration lowercases words and keeps every one of them: no stemming and no stop
-- words, so it treats every language alike (a room may mix several, and a language-specific
-- configuration would drop or mangle the others' words). Search queries use the same expression, so
-- this index serves them; a deleted message's content is '' and has no entries.
CREATE INDEX messages_content_search_idx ON messages USING GIN (to_tsvector('simple', content));
-- Newest first across all of a user's conversations: for a common word, walking this index backwards
-- finds a page of matches sooner than collecting every match from the GIN index and sorting them.
CREATE INDEX messages_sent_at_idx ON messages (sent_at);
