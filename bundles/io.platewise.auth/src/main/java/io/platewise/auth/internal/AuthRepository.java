package io.platewise.auth.internal;

import io.platewise.core.security.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Plain JDBC over the two tables of this bundle, in SQL that HSQLDB and PostgreSQL both accept. */
final class AuthRepository {

    private static final String USER_COLUMNS = "name, password_hash, role, created_at, password_changed_at";
    private static final String TOKEN_COLUMNS = "id, user_name, label, secret_sha256, created_at, expires_at, last_used_at, revoked_at";

    private final DataSource dataSource;

    AuthRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int countUsers() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM auth_user");
                ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    int countUsersWithRole(Role role) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM auth_user WHERE role = ?")) {
            s.setString(1, role.externalName());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    Optional<UserRecord> findUser(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM auth_user WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(user(rows)) : Optional.empty();
            }
        }
    }

    List<UserRecord> listUsers() throws SQLException {
        List<UserRecord> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM auth_user ORDER BY name");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                users.add(user(rows));
            }
        }
        return users;
    }

    /** @return false when the name is taken */
    boolean insertUser(UserRecord user) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO auth_user (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, user.name());
            s.setString(2, user.passwordHash());
            s.setString(3, user.role().externalName());
            s.setObject(4, user.createdAt());
            s.setObject(5, user.passwordChangedAt());
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    boolean updatePassword(String name, String passwordHash, OffsetDateTime changedAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE auth_user SET password_hash = ?, password_changed_at = ? WHERE name = ?")) {
            s.setString(1, passwordHash);
            s.setObject(2, changedAt);
            s.setString(3, name);
            return s.executeUpdate() == 1;
        }
    }

    boolean deleteUser(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM auth_user WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() == 1;
        }
    }

    void insertToken(TokenRecord token) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO auth_token (" + TOKEN_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, token.id());
            s.setString(2, token.userName());
            s.setString(3, token.label());
            s.setString(4, token.secretSha256());
            s.setObject(5, token.createdAt());
            s.setObject(6, token.expiresAt());
            s.setObject(7, token.lastUsedAt());
            s.setObject(8, token.revokedAt());
            s.executeUpdate();
        }
    }

    Optional<TokenRecord> findToken(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM auth_token WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(token(rows)) : Optional.empty();
            }
        }
    }

    /** @param userName null for the tokens of every user */
    List<TokenRecord> listTokens(String userName) throws SQLException {
        String sql = "SELECT " + TOKEN_COLUMNS + " FROM auth_token"
                + (userName == null ? "" : " WHERE user_name = ?") + " ORDER BY created_at, id";
        List<TokenRecord> tokens = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (userName != null) {
                s.setString(1, userName);
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    tokens.add(token(rows));
                }
            }
        }
        return tokens;
    }

    boolean revokeToken(String id, OffsetDateTime at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE auth_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            s.setObject(1, at);
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    void touchToken(String id, OffsetDateTime at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE auth_token SET last_used_at = ? WHERE id = ?")) {
            s.setObject(1, at);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    private static UserRecord user(ResultSet rows) throws SQLException {
        return new UserRecord(rows.getString(1), rows.getString(2),
                Role.fromName(rows.getString(3)).orElse(Role.VIEWER),
                rows.getObject(4, OffsetDateTime.class), rows.getObject(5, OffsetDateTime.class));
    }

    private static TokenRecord token(ResultSet rows) throws SQLException {
        return new TokenRecord(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getObject(5, OffsetDateTime.class), rows.getObject(6, OffsetDateTime.class),
                rows.getObject(7, OffsetDateTime.class), rows.getObject(8, OffsetDateTime.class));
    }

    /** SQLSTATE 23505 is the standard code for a unique or primary key violation, in both databases. */
    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
