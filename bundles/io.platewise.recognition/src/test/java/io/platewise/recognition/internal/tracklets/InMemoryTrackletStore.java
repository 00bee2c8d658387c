package io.platewise.recognition.internal.tracklets;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCDataSource;

/** The tracklet tables, made by the module's own migration scripts, in a fresh in-memory HSQLDB. */
final class InMemoryTrackletStore {

    /** The module's scripts, in order; a new one goes here too. */
    static final List<String> SCRIPTS = List.of("V1__tasks_and_tracklets.sql", "V2__tracklet_details_apart.sql");

    private InMemoryTrackletStore() {
    }

    static TrackletStore create() throws Exception {
        JDBCDataSource dataSource = dataSource();
        for (String script : SCRIPTS) {
            run(dataSource, script);
        }
        return new TrackletStore(dataSource);
    }

    static JDBCDataSource dataSource() {
        JDBCDataSource dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:mem:" + UUID.randomUUID());
        dataSource.setUser("SA");
        return dataSource;
    }

    static void run(DataSource dataSource, String script) throws Exception {
        try (InputStream sql = InMemoryTrackletStore.class.getResourceAsStream("/db/migration/recognition/" + script);
                Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String text = new String(sql.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String part : text.split(";")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
    }
}
