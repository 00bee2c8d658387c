package io.platewise.recognition.internal.tracklets;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.hsqldb.jdbc.JDBCDataSource;

/** The tracklet table, made by the module's own migration script, in a fresh in-memory HSQLDB. */
final class InMemoryTrackletStore {

    private InMemoryTrackletStore() {
    }

    static TrackletStore create() throws Exception {
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:mem:" + UUID.randomUUID());
        dataSource.setUser("SA");
        try (InputStream script = InMemoryTrackletStore.class.getResourceAsStream("/db/migration/recognition/V1__tasks_and_tracklets.sql");
                Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
        return new TrackletStore(dataSource);
    }
}
