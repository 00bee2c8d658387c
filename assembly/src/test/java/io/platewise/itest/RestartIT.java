package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.platewise.itest.Api.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows survive a full stop (SIGTERM) and start of the runtime, on the embedded HSQLDB file database
 * and, with only the JDBC URL changed in config/, on a real PostgreSQL server.
 */
class RestartIT {

    @TempDir
    Path folder;

    @Test
    void rowsSurviveARestartOnEmbeddedHsqldb() throws Exception {
        try (PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            restartKeepsRows(server, "HSQL Database Engine");
        }
    }

    @Test
    void rowsSurviveARestartOnPostgresqlWithOnlyTheJdbcUrlChanged() throws Exception {
        Optional<PostgresServer> postgres = PostgresServer.start(folder.resolve("postgres"));
        Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL could not be started here (reason printed above)");
        try (PostgresServer database = postgres.get(); PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            Files.writeString(server.home().resolve("config/io.platewise.db.cfg"),
                    "url=" + database.jdbcUrl() + "\nuser=platewise\npassword=\n", StandardCharsets.UTF_8);
            restartKeepsRows(server, "PostgreSQL");
        }
    }

    private static void restartKeepsRows(PlatewiseServer server, String expectedDatabase) throws Exception {
        server.start();
        Api admin = Api.admin(server);
        assertTrue(databaseProduct(server).startsWith(expectedDatabase), databaseProduct(server));
        assertEquals(201, admin.post("users", "{\"name\": \"persisted\", \"password\": \"persisted-pw-1\", \"role\": \"labeler\"}").status());
        Reply token = Api.basic(server, "persisted", "persisted-pw-1").post("tokens", "{\"name\": \"kept\"}");
        assertEquals(201, token.status(), token.body());

        long stopStarted = System.nanoTime();
        assertEquals(0, server.stop(), "graceful stop on SIGTERM exits 0:\n" + server.logTail());
        System.out.printf("RestartIT(%s): stopped in %d ms%n", expectedDatabase, (System.nanoTime() - stopStarted) / 1_000_000);
        assertTrue(server.logTail().contains("Platewise stopped"), server.logTail());

        server.start();
        System.out.printf("RestartIT(%s): restarted to healthy in %d ms%n", expectedDatabase, server.lastStartMillis());
        assertEquals("labeler", Api.basic(server, "persisted", "persisted-pw-1").get("users/me").json().get("role").asText());
        Reply me = Api.bearer(server, token.json().get("token").asText()).get("users/me");
        assertEquals(200, me.status(), me.body());
        assertTrue(server.logTail().split("created user 'admin'", -1).length <= 2, "the admin is created on the first start only");
    }

    private static String databaseProduct(PlatewiseServer server) throws Exception {
        for (JsonNode check : Api.anonymous(server).get("health").json().get("checks")) {
            if ("database".equals(check.get("name").asText())) {
                return check.get("details").get("product").asText();
            }
        }
        return "none";
    }
}
