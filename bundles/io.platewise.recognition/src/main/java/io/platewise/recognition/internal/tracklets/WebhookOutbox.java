package io.platewise.recognition.internal.tracklets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The webhook posts that their receivers have not taken yet, in the database (migration V4), so that
 * a restart does not lose the ones still being retried.
 */
public final class WebhookOutbox {

    /** A post waiting for its receiver; {@code attempts} is how many were made and failed. */
    public record Pending(String delivery, String taskId, String event, String body, int attempts, Instant createdAt) {
    }

    private final DataSource dataSource;

    public WebhookOutbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void add(Pending post) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO webhook_outbox (delivery, task_id, event, body, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, post.delivery());
            insert.setString(2, post.taskId());
            insert.setString(3, post.event());
            insert.setString(4, post.body());
            insert.setInt(5, post.attempts());
            insert.setObject(6, OffsetDateTime.ofInstant(post.createdAt(), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    void attempted(String delivery, int attempts) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE webhook_outbox SET attempts = ? WHERE delivery = ?")) {
            update.setInt(1, attempts);
            update.setString(2, delivery);
            update.executeUpdate();
        }
    }

    void remove(String delivery) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM webhook_outbox WHERE delivery = ?")) {
            delete.setString(1, delivery);
            delete.executeUpdate();
        }
    }

    /** Every waiting post, the oldest first. */
    public List<Pending> pending() throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT delivery, task_id, event, body, attempts, created_at FROM webhook_outbox ORDER BY created_at, delivery");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                pending.add(new Pending(rows.getString("delivery"), rows.getString("task_id"), rows.getString("event"), rows.getString("body"),
                        rows.getInt("attempts"), rows.getObject("created_at", OffsetDateTime.class).toInstant()));
            }
        }
        return pending;
    }
}
