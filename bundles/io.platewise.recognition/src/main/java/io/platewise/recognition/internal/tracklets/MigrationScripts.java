package io.platewise.recognition.internal.tracklets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * This module's migration scripts run statement by statement, as Flyway runs them, where Flyway is not
 * there: the tracklet benchmark on its plain class loader and the store's tests.
 */
final class MigrationScripts {

    /** The module's scripts, in order; a new one goes here too. */
    static final List<String> ALL = List.of("V1__tasks_and_tracklets.sql", "V2__tracklet_details_apart.sql",
            "V3__plate_keys_for_similar_search.sql", "V4__webhook_outbox.sql", "V5__plate_grams_for_substring_search.sql",
            "V6__sighting_crops.sql", "V7__tracklet_heading.sql");

    private MigrationScripts() {
    }

    static void run(DataSource dataSource, String script) throws SQLException, IOException {
        try (InputStream sql = MigrationScripts.class.getResourceAsStream("/db/migration/recognition/" + script);
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
