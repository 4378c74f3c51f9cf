-- Search on H2 (docs/architecture.md, "Search"): words are matched with LOWER(content) LIKE '%word%'
-- over the caller's conversations, with no index (PostgreSQL has a full-text index; see
-- db/vendor/postgresql/V7__search.sql). This version exists on both databases so that the next
-- migration has the same number on both.
COMMENT ON COLUMN messages.content IS 'Searched with LIKE on H2 and with a full-text index on PostgreSQL';
