import java.sql.*;
import java.util.*;
import java.nio.charset.StandardCharsets;

/**
 * What the archive's schema costs a database, without Parley or Kafka around it: writes N message
 * rows in transactions of B rows (multi-row INSERT plus one MERGE into conversations per
 * transaction, as the archive does), 10,000 direct conversations, and prints rows per second.
 * Variants (any combination in the second argument): base (the schema as shipped), pkseq (primary
 * key (log_partition, seq), server_msg_id a unique index), nouuid (no server_msg_id index),
 * noconv (no (conversation_id, seq) index), convnum (that index on a BIGINT key instead of the
 * 80-character id), jdbcbatch (JDBC batches of one-row INSERTs instead of multi-row ones).
 *
 *   java -cp h2.jar:postgresql.jar bench/probes/ArchiveSchemaProbe.java \
 *       'jdbc:h2:file:/tmp/probe/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CACHE_SIZE=65536' base 300000 2000
 *
 * (the jars are in ~/.m2 after a build; SQLite: sqlite-jdbc and a jdbc:sqlite:/tmp/probe.db URL, WAL, synchronous=NORMAL). Results and what they mean: docs/benchmarks.md.
 */
public class ArchiveSchemaProbe {
    public static void main(String[] a) throws Exception {
        String url = a[0]; String variant = a[1]; int total = Integer.parseInt(a[2]); int batch = Integer.parseInt(a[3]);
        String user = url.startsWith("jdbc:postgresql") ? "postgres" : "sa";
        try (Connection c = DriverManager.getConnection(url, user, url.startsWith("jdbc:postgresql") ? System.getenv().getOrDefault("PGPASSWORD","postgres") : "")) {
            Statement s = c.createStatement();
            boolean sqlite = url.startsWith("jdbc:sqlite");
            if (sqlite) { s.execute("PRAGMA journal_mode=WAL"); s.execute("PRAGMA synchronous=NORMAL"); s.execute("PRAGMA cache_size=-65536"); }
            for (String t : List.of("messages","conversations","direct_conversations","archive_positions")) s.execute("DROP TABLE IF EXISTS " + t);
            String pk = variant.contains("pkseq") ? "" : " PRIMARY KEY";
            s.execute("CREATE TABLE messages (server_msg_id UUID NOT NULL" + pk + ", conversation_id VARCHAR(100) NOT NULL, seq BIGINT NOT NULL, log_partition INTEGER NOT NULL, sender_id UUID NOT NULL, sender_username VARCHAR(32) NOT NULL, recipient_id UUID, recipient_username VARCHAR(32), room VARCHAR(64), client_msg_id VARCHAR(64) NOT NULL, content VARCHAR NOT NULL, attachment_url VARCHAR(4096), sent_at TIMESTAMP WITH TIME ZONE NOT NULL"
                + (variant.contains("pkseq") ? ", PRIMARY KEY (log_partition, seq)" : "") + ")");
            if (variant.contains("pkseq") && !variant.contains("nouuid")) s.execute("CREATE UNIQUE INDEX messages_id_uq ON messages (server_msg_id)");
            if (variant.contains("convnum")) { s.execute("ALTER TABLE messages ADD COLUMN conv_key BIGINT"); s.execute("CREATE INDEX messages_conv_key ON messages (conv_key, seq)"); } else if (!variant.contains("noconv")) s.execute("CREATE UNIQUE INDEX messages_conversation_seq_uq ON messages (conversation_id, seq)");
            s.execute("CREATE TABLE conversations (id VARCHAR(100) NOT NULL PRIMARY KEY, last_seq BIGINT NOT NULL, last_sent_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE TABLE archive_positions (log_partition INTEGER NOT NULL PRIMARY KEY, next_offset BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            c.setAutoCommit(false);
            int convs = 10000; UUID[] users = new UUID[convs*2]; for (int i=0;i<users.length;i++) users[i]=UUID.randomUUID();
            String[] cid = new String[convs]; for (int i=0;i<convs;i++) cid[i] = "dm:" + users[2*i] + ":" + users[2*i+1];
            long[] off = new long[3]; Random rnd = new Random(1);
            long t0 = System.nanoTime(); long last = t0;
            String row = variant.contains("convnum") ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            for (int done = 0; done < total; done += batch) {
                int n = Math.min(batch, total - done);
                int per = variant.contains("jdbcbatch") ? 1 : 30000/13; PreparedStatement bps = null; if (variant.contains("jdbcbatch")) per = n;
                Map<String,long[]> newest = new HashMap<>();
                for (int from = 0; from < n; from += per) {
                    int k = Math.min(per, n - from);
                    StringBuilder sb = new StringBuilder("INSERT INTO messages (server_msg_id, conversation_id, seq, log_partition, sender_id, sender_username, recipient_id, recipient_username, room, client_msg_id, content, attachment_url, sent_at" + (variant.contains("convnum") ? ", conv_key" : "") + ") VALUES ");
                    if (variant.contains("jdbcbatch")) sb.append(row); else for (int i=0;i<k;i++) sb.append(i==0?"":", ").append(row);
                    try (PreparedStatement ps = c.prepareStatement(sb.toString())) {
                        int p=1;
                        for (int i=0;i<k;i++) {
                            int conv = rnd.nextInt(convs); int part = Math.floorMod(cid[conv].hashCode(), 3); long seq = off[part]++;
                            String cmid = "c-" + (done+from+i);
                            ps.setObject(p++, sqlite ? UUID.nameUUIDFromBytes(cmid.getBytes(StandardCharsets.UTF_8)).toString() : UUID.nameUUIDFromBytes(cmid.getBytes(StandardCharsets.UTF_8)));
                            ps.setString(p++, cid[conv]); ps.setLong(p++, seq); ps.setInt(p++, part);
                            ps.setObject(p++, sqlite ? users[2*conv].toString() : users[2*conv]); ps.setString(p++, "user" + conv); ps.setObject(p++, sqlite ? users[2*conv+1].toString() : users[2*conv+1]); ps.setString(p++, "user" + conv + "b");
                            ps.setString(p++, null); ps.setString(p++, cmid); ps.setString(p++, "bench message number " + (done+from+i) + " with some text");
                            ps.setString(p++, null); ps.setObject(p++, sqlite ? java.time.OffsetDateTime.now().toString() : java.time.OffsetDateTime.now()); if (variant.contains("convnum")) ps.setLong(p++, UUID.nameUUIDFromBytes(cid[conv].getBytes()).getMostSignificantBits());
                            newest.put(cid[conv], new long[]{seq});
                            if (variant.contains("jdbcbatch")) { ps.addBatch(); p = 1; }
                        }
                        if (variant.contains("jdbcbatch")) ps.executeBatch(); else ps.executeUpdate();
                    }
                }
                if (sqlite) {
                    StringBuilder up = new StringBuilder("INSERT INTO conversations (id, last_seq, last_sent_at) VALUES ");
                    int j = 0; for (var e : newest.keySet()) up.append(j++ == 0 ? "" : ", ").append("(?, ?, ?)");
                    up.append(" ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, last_sent_at = excluded.last_sent_at WHERE excluded.last_seq > conversations.last_seq");
                    try (PreparedStatement ps = c.prepareStatement(up.toString())) {
                        int p = 1; for (var e : newest.entrySet()) { ps.setString(p++, e.getKey()); ps.setLong(p++, e.getValue()[0]); ps.setString(p++, java.time.OffsetDateTime.now().toString()); }
                        ps.executeUpdate();
                    }
                    c.commit();
                    continue;
                }
                StringBuilder sb = new StringBuilder("MERGE INTO conversations c USING (VALUES ");
                int i=0; for (var e : newest.keySet()) sb.append(i++==0?"":", ").append("(CAST(? AS VARCHAR(100)), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))");
                sb.append(") AS s (id, last_seq, last_sent_at) ON c.id = s.id WHEN MATCHED AND c.last_seq < s.last_seq THEN UPDATE SET last_seq = s.last_seq, last_sent_at = s.last_sent_at WHEN NOT MATCHED THEN INSERT (id, last_seq, last_sent_at) VALUES (s.id, s.last_seq, s.last_sent_at)");
                try (PreparedStatement ps = c.prepareStatement(sb.toString())) {
                    int p=1; for (var e : newest.entrySet()) { ps.setString(p++, e.getKey()); ps.setLong(p++, e.getValue()[0]); ps.setObject(p++, java.time.OffsetDateTime.now()); }
                    ps.executeUpdate();
                }
                c.commit();
                if (System.nanoTime() - last > 10_000_000_000L) { last = System.nanoTime(); System.out.printf("  %d rows, %.0f/s%n", done+n, (done+n)/((last-t0)/1e9)); }
            }
            double sec = (System.nanoTime()-t0)/1e9;
            System.out.printf("%s %s batch=%d: %d rows in %.1f s = %.0f rows/s%n", url.replaceAll(";.*",""), variant, batch, total, sec, total/sec);
        }
    }
}
