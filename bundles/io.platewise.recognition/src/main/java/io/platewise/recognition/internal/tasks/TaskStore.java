package io.platewise.recognition.internal.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Tasks (their definition as JSON, and state) and the audit of model swaps, in the database. */
final class TaskStore {

    record Row(TaskDefinition definition, TaskState state, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    TaskStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    List<Row> all() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT definition, state, created_at, updated_at, updated_by FROM recognition_task ORDER BY id");
                ResultSet rows = select.executeQuery()) {
            List<Row> result = new ArrayList<>();
            while (rows.next()) {
                result.add(new Row(parse(rows.getString(1)), TaskState.valueOf(rows.getString(2)),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getObject(4, OffsetDateTime.class).toInstant(),
                        rows.getString(5)));
            }
            return result;
        }
    }

    void insert(TaskDefinition definition, TaskState state, String actor, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO recognition_task "
                        + "(id, definition, state, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, definition.id());
            insert.setString(2, write(definition));
            insert.setString(3, state.name());
            insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.setString(6, actor);
            insert.executeUpdate();
        }
    }

    void update(TaskDefinition definition, TaskState state, String actor, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE recognition_task SET definition = ?, state = ?, updated_at = ?, updated_by = ? WHERE id = ?")) {
            update.setString(1, write(definition));
            update.setString(2, state.name());
            update.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setString(4, actor);
            update.setString(5, definition.id());
            update.executeUpdate();
        }
    }

    void recordSwap(ModelSwap swap) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO model_swap "
                        + "(task_id, actor, happened_at, from_models, to_models, result, message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, swap.taskId());
            insert.setString(2, swap.actor());
            insert.setObject(3, OffsetDateTime.ofInstant(swap.at(), ZoneOffset.UTC));
            insert.setString(4, swap.from());
            insert.setString(5, swap.to());
            insert.setString(6, swap.result());
            insert.setString(7, swap.message() == null ? null : swap.message().substring(0, Math.min(1000, swap.message().length())));
            insert.executeUpdate();
        }
    }

    List<ModelSwap> swaps(String taskId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT task_id, actor, happened_at, from_models, to_models, result, "
                        + "message FROM model_swap WHERE task_id = ? ORDER BY id DESC")) {
            select.setString(1, taskId);
            try (ResultSet rows = select.executeQuery()) {
                List<ModelSwap> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(new ModelSwap(rows.getString(1), rows.getString(2), rows.getObject(3, OffsetDateTime.class).toInstant(),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                }
                return result;
            }
        }
    }

    private String write(TaskDefinition definition) throws SQLException {
        try {
            return json.writeValueAsString(definition);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
    }

    private TaskDefinition parse(String text) throws SQLException {
        try {
            return json.readValue(text, TaskDefinition.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("A stored task cannot be read: " + e.getMessage(), e);
        }
    }
}
