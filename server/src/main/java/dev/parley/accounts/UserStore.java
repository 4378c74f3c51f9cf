package dev.parley.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code users} table. Blocking: call it through {@link dev.parley.system.Blocking}. */
class UserStore {

    record StoredUser(User user, String passwordHash) {
    }

    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the username is taken. */
    boolean insert(User user, String passwordHash) {
        try {
            jdbc.sql("INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)")
                    .params(user.id(), user.username(), passwordHash, OffsetDateTime.ofInstant(user.createdAt(), ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Optional<StoredUser> findByUsername(String username) {
        return jdbc.sql("SELECT id, username, password_hash, created_at FROM users WHERE username = ?")
                .param(username).query(UserStore::row).optional();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT id, username, password_hash, created_at FROM users WHERE id = ?")
                .param(id).query(UserStore::row).optional().map(StoredUser::user);
    }

    private static StoredUser row(ResultSet rs, int rowNum) throws SQLException {
        Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        User user = new User(rs.getObject("id", UUID.class), rs.getString("username"), created);
        return new StoredUser(user, rs.getString("password_hash"));
    }
}
