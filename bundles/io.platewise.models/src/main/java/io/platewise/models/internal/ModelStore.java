package io.platewise.models.internal;

import io.platewise.models.ModelHistoryEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The registry's two tables, in SQL that HSQLDB and PostgreSQL both accept. */
final class ModelStore {

    record Row(String name, String version, String task, long sizeBytes, String packageSha256, OffsetDateTime installedAt,
            String installedBy) {
    }

    private final DataSource dataSource;

    ModelStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Row> all() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT name, version, task, size_bytes, package_sha256, installed_at, installed_by "
                        + "FROM model ORDER BY name");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                rows.add(row(r));
            }
        }
        return rows;
    }

    Optional<Row> find(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT name, version, task, size_bytes, package_sha256, installed_at, installed_by "
                        + "FROM model WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    void insert(Row row, String detail) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO model (name, version, task, size_bytes, package_sha256, installed_at, "
                    + "installed_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, row.name());
                s.setString(2, row.version());
                s.setString(3, row.task());
                s.setLong(4, row.sizeBytes());
                s.setString(5, row.packageSha256());
                s.setObject(6, row.installedAt());
                s.setString(7, row.installedBy());
                s.executeUpdate();
                history(c, row.name(), row.version(), "installed", row.installedBy(), detail);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    void delete(Row row, String actor) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM model WHERE name = ?")) {
                s.setString(1, row.name());
                s.executeUpdate();
                history(c, row.name(), row.version(), "deleted", actor, null);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    List<ModelHistoryEntry> history(String name) throws SQLException {
        List<ModelHistoryEntry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT name, version, action, actor, happened_at, detail FROM model_history "
                        + "WHERE name = ? ORDER BY id")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(new ModelHistoryEntry(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getObject(5, OffsetDateTime.class), r.getString(6)));
                }
            }
        }
        return entries;
    }

    private static void history(Connection c, String name, String version, String action, String actor, String detail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO model_history (name, version, action, actor, happened_at, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, version);
            s.setString(3, action);
            s.setString(4, actor);
            s.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(6, detail);
            s.executeUpdate();
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        return new Row(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5), r.getObject(6, OffsetDateTime.class),
                r.getString(7));
    }
}
