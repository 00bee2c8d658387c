package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.platewise.itest.Api.Reply;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows, and cameras added over REST, survive a full stop (SIGTERM) and start of the runtime, on the
 * embedded HSQLDB file database and, with only the JDBC URL changed in config/, on a real PostgreSQL
 * server; a camera whose config/ file was deleted while stopped does not come back.
 */
class RestartIT {

    @TempDir
    Path folder;

    @Test
    void rowsSurviveARestartOnEmbeddedHsqldb() throws Exception {
        try (PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            // shutdown=true: the file database closes with the test's last connection, for the server to open it.
            restartKeepsRows(server, "HSQL Database Engine", "jdbc:hsqldb:file:" + server.home().resolve("data/db/platewise") + ";shutdown=true",
                    "SA");
        }
    }

    @Test
    void rowsSurviveARestartOnPostgresqlWithOnlyTheJdbcUrlChanged() throws Exception {
        Optional<PostgresServer> postgres = PostgresServer.start(folder.resolve("postgres"));
        Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL could not be started here (reason printed above)");
        try (PostgresServer database = postgres.get(); PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            Files.writeString(server.home().resolve("config/io.platewise.db.cfg"),
                    "url=" + database.jdbcUrl() + "\nuser=platewise\npassword=\n", StandardCharsets.UTF_8);
            restartKeepsRows(server, "PostgreSQL", database.jdbcUrl(), "platewise");
        }
    }

    @Test
    void sigtermStopsEveryBundleAndNoShutdownHookRacesTheOrderedStop() throws Exception {
        try (PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            server.start();
            Api admin = Api.admin(server);
            ProbeBundle.deploy(ProbeBundle.build(folder, "1.0.0"), server.home().resolve("deploy"), "probe.jar");
            assertEquals(200, ProbeBundle.awaitVersionStatus(admin, 200), "the probe bundle came up from deploy/");

            assertEquals(0, server.stop(), "graceful stop on SIGTERM exits 0:\n" + server.logTail());
            Path data = server.home().resolve("data");
            assertTrue(Files.exists(data.resolve("probe-deactivated")), "the framework stopped the probe's component");
            // Shutdown hooks run all at once when the JVM shuts down: stopping the framework from a hook
            // raced ONNX Runtime's, which frees its native environment (the JVM aborted, exit 134). The
            // signal stops the framework first and then halts, so no library hook runs beside the stop.
            assertFalse(Files.exists(data.resolve("probe-shutdown-hook-ran")), "a JVM shutdown hook ran during or after the stop");
        }
    }

    @Test
    void aTaskWaitingAfterARestartForItsEngineStartsWhenTheEngineArrives() throws Exception {
        try (PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            server.start();
            Api admin = Api.admin(server);
            Path deploy = server.home().resolve("deploy");
            List<Path> engine = server.gpuBundles();
            assertEquals(2, engine.size(), engine.toString());
            for (Path jar : engine) {
                Files.copy(jar, deploy.resolve(jar.getFileName()));
            }
            String clip = server.home().resolve("demo/demo.mp4").toString();
            assertEquals(201, admin.post("cameras", "{\"id\": \"late\", \"source\": \"" + clip + "\", \"loop\": true, \"analysisFps\": 2}").status());
            // While File Install brings the engine in (and may refresh it once), a task asking for it gets a 400 naming it.
            String task = "{\"id\": \"late\", \"cameraId\": \"late\", \"engine\": \"tensorrt\"}";
            Reply created = admin.post("tasks", task);
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    created.status() == 400 && created.body().contains("tensorrt") && System.nanoTime() < deadline; ) {
                Thread.sleep(500);
                created = admin.post("tasks", task);
            }
            assertEquals(201, created.status(), created.body());
            awaitTask(server, admin, t -> t.get("stats").get("frames").asLong() > 0, "the task on tensorrt reading frames");

            assertEquals(0, server.stop(), server.logTail());
            for (Path jar : engine) {
                Files.delete(deploy.resolve(jar.getFileName()));
            }
            // Health is DEGRADED: the task is meant to run and cannot.
            server.start("DEGRADED");
            JsonNode waiting = awaitTask(server, admin, t -> t.path("error").asText().contains("no inference engine 'tensorrt'"),
                    "the task waiting for its engine");
            assertEquals("RUNNING", waiting.get("state").asText(), "a task that waits keeps the state it is meant to have");

            for (Path jar : engine) {
                Files.copy(jar, deploy.resolve(jar.getFileName()));
            }
            awaitTask(server, admin, t -> !t.hasNonNull("error") && t.hasNonNull("stats") && t.get("stats").get("frames").asLong() > 0,
                    "the task started by the engine's arrival, without a restart");
        }
    }

    private static JsonNode awaitTask(PlatewiseServer server, Api admin, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = admin.get("tasks/late");
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Not " + what + " within 90 s; last tasks/late: " + last + "\n" + server.logTail());
    }

    private static void restartKeepsRows(PlatewiseServer server, String expectedDatabase, String jdbcUrl, String user) throws Exception {
        // A camera from a config/ file, deleted below while the server is stopped; both cameras play the
        // demo clip, as health wants cameras that stream.
        String clip = server.home().resolve("demo/demo.mp4").toString();
        Path gateFile = server.home().resolve("config/io.platewise.video.camera-gate.cfg");
        Files.writeString(gateFile, "id=gate\nsource=" + clip + "\nloop=true\nanalysisFps=1\n", StandardCharsets.UTF_8);
        server.start();
        Api admin = Api.admin(server);
        Reply added = admin.post("cameras", "{\"id\": \"entrance\", \"source\": \"" + clip + "\", \"loop\": true, \"analysisFps\": 2}");
        assertEquals(201, added.status(), added.body());
        // Its webhook's receiver is down until the restart: the posts being retried at the stop must come after it.
        Set<String> failedDeliveries = ConcurrentHashMap.newKeySet();
        Set<String> deliveredAfterRestart = ConcurrentHashMap.newKeySet();
        AtomicBoolean accepting = new AtomicBoolean();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String delivery = exchange.getRequestHeaders().getFirst("X-Platewise-Delivery");
            (accepting.get() ? deliveredAfterRestart : failedDeliveries).add(delivery);
            exchange.sendResponseHeaders(accepting.get() ? 204 : 503, -1);
            exchange.close();
        });
        receiver.start();
        Reply task = admin.post("tasks", "{\"id\": \"entrance\", \"cameraId\": \"entrance\", \"webhookUrl\": \"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\"}");
        assertEquals(201, task.status(), task.body());
        assertEquals(200, admin.get("cameras/gate").status());
        assertTrue(databaseProduct(server).startsWith(expectedDatabase), databaseProduct(server));
        assertEquals(201, admin.post("users", "{\"name\": \"persisted\", \"password\": \"persisted-pw-1\", \"role\": \"labeler\"}").status());
        Reply token = Api.basic(server, "persisted", "persisted-pw-1").post("tokens", "{\"name\": \"kept\"}");
        assertEquals(201, token.status(), token.body());

        // The task's first tracklet, searched below after the restart, by every match mode: their SQL on this database.
        JsonNode tracklet = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); tracklet == null && System.nanoTime() < deadline; ) {
            JsonNode items = admin.get("tracklets?limit=1").json().get("items");
            tracklet = items.isEmpty() ? null : items.get(0);
            Thread.sleep(tracklet == null ? 500 : 0);
        }
        assertTrue(tracklet != null, "the task stored no tracklet within 90 s:\n" + server.logTail());
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); failedDeliveries.isEmpty() && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
        }
        assertFalse(failedDeliveries.isEmpty(), "the webhook was posted to");

        long stopStarted = System.nanoTime();
        assertEquals(0, server.stop(), "graceful stop on SIGTERM exits 0:\n" + server.logTail());
        System.out.printf("RestartIT(%s): stopped in %d ms%n", expectedDatabase, (System.nanoTime() - stopStarted) / 1_000_000);
        assertTrue(server.logTail().contains("Platewise stopped"), server.logTail());
        Files.delete(gateFile);
        // The tracklets stored so far as if stored before migration V5: what V5 and the later scripts made
        // taken out and their runs forgotten, so that the restart runs them over these rows on this database
        // (a later script goes here too). The searches below go through the grams V5's backfill cuts.
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, ""); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE tracklet_gram");
            statement.execute("ALTER TABLE tracklet DROP COLUMN sighting_crops");
            statement.execute("ALTER TABLE tracklet DROP COLUMN heading");
            assertEquals(3, statement.executeUpdate("DELETE FROM \"schema_history_recognition\" WHERE \"version\" IN ('5', '6', '7')"),
                    "the rows of migrations V5 to V7 in the recognition module's history");
        }

        Set<String> undelivered = Set.copyOf(failedDeliveries);
        accepting.set(true);
        server.start();
        assertEquals(200, admin.get("cameras/entrance").status(), "a camera added over REST survives a restart");
        assertEquals(404, admin.get("cameras/gate").status(), "the camera of a config/ file deleted while stopped is gone");
        System.out.printf("RestartIT(%s): restarted to healthy in %d ms%n", expectedDatabase, server.lastStartMillis());
        assertEquals("labeler", Api.basic(server, "persisted", "persisted-pw-1").get("users/me").json().get("role").asText());
        Reply me = Api.bearer(server, token.json().get("token").asText()).get("users/me");
        assertEquals(200, me.status(), me.body());
        assertTrue(server.logTail().split("created user 'admin'", -1).length <= 2, "the admin is created on the first start only");
        try {
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    !deliveredAfterRestart.containsAll(undelivered) && System.nanoTime() < deadline; ) {
                Thread.sleep(200);
            }
            assertTrue(deliveredAfterRestart.containsAll(undelivered), "the posts still being retried at the stop, sent after the restart: "
                    + undelivered + " of " + deliveredAfterRestart + " on " + expectedDatabase);
        } finally {
            receiver.stop(0);
        }
        String plate = tracklet.get("plate").asText();
        for (String search : List.of("plate=" + plate.substring(1) + "&match=contains", "plate=" + plate + "&match=exact",
                "plate=" + plate.substring(0, plate.length() - 1) + "&match=similar",
                "plate=" + (plate.length() > 4 ? plate.substring(0, 2) + plate.substring(3) : plate) + "&match=near")) {
            Reply found = admin.get("tracklets?limit=500&" + search);
            assertEquals(200, found.status(), search + ": " + found.body());
            assertTrue(found.json().get("items").findValuesAsText("id").contains(tracklet.get("id").asText()),
                    "a tracklet stored before the restart, searched with " + search + " on " + expectedDatabase + ": " + found.body());
        }
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
