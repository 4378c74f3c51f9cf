-- Search on PostgreSQL (docs/architecture.md, "Search"): full-text search over message content.
-- The 'simple' configuration lowercases words and keeps every one of them: no stemming and no stop
-- words, so it treats every language alike (a room may mix several, and a language-specific
-- configuration would drop or mangle the others' words).
-- Stored rather than an index on the expression: a search that walks time backwards or reads a user's
-- messages checks each row it reads, and parsing the text there cost ten times the rest of the query.
-- An edit or a delete (content '') updates it with the row.
ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED;
CREATE INDEX messages_search_idx ON messages USING GIN (search_vector);
-- Newest first across all of a user's conversations: for a word common among them, walking this index backwards
-- finds a page of matches sooner than collecting every match from the GIN index and sorting them.
CREATE INDEX messages_sent_at_idx ON messages (sent_at);
