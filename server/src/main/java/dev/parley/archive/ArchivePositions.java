package dev.parley.archive;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the archive is in each partition of the log: everything below a partition's next offset is
 * archived (or dead-lettered). Read from the table the archive commits with its rows, so it is true
 * on every node, whichever node archives. Blocking.
 */
public final class ArchivePositions {

    private final JdbcTemplate jdbc;

    ArchivePositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Next offset to archive per partition; a partition never archived is absent (read it from its beginning). */
    public Map<Integer, Long> read() {
        Map<Integer, Long> next = new HashMap<>();
        jdbc.query("SELECT log_partition, next_offset FROM archive_positions",
                rs -> {
                    next.put(rs.getInt(1), rs.getLong(2));
                });
        return next;
    }
}
