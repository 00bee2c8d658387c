package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.platewise.itest.Api.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One real server for the class: health, errors, authentication, roles, tokens, throttling, OpenAPI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeIT {

    private PlatewiseServer server;
    private Api admin;
    /** The server JVM's own temporary folder, so that what it leaves there can be seen. */
    private Path temporary;

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        temporary = Files.createDirectories(folder.resolve("tmp"));
        server = PlatewiseServer.fresh(folder).env("JAVA_OPTS", "-Xmx512m -Djava.io.tmpdir=" + temporary).start();
        admin = Api.admin(server);
        System.out.println("RuntimeIT: process start to healthy in " + server.lastStartMillis() + " ms");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aSecondServerOnATakenPortSaysSoAndExits(@TempDir Path other) throws Exception {
        // Without the check it ran on without HTTP, and its readiness probe, answered by this server, said "ready".
        PlatewiseServer second = PlatewiseServer.fresh(other).onPort(server.port());
        assertEquals(1, second.runUntilExit(60), second.logTail());
        assertTrue(second.logTail().contains("Port " + server.port() + " is in use by another process"), second.logTail());
        assertFalse(second.logTail().contains("ready in"), second.logTail());
        assertEquals(200, Api.anonymous(server).get("health").status(), "the first server serves on");
    }

    @Test
    void healthNeedsNoCredentialsAndReportsBundlesDatabaseAndDisk() throws Exception {
        Reply health = Api.anonymous(server).get("health");
        assertEquals(200, health.status(), health.body());
        JsonNode json = health.json();
        assertEquals("UP", json.get("status").asText(), health.body());
        java.util.Set<String> names = new java.util.HashSet<>();
        json.get("checks").forEach(check -> names.add(check.get("name").asText()));
        assertTrue(names.containsAll(java.util.List.of("bundles", "database", "disk", "inference.onnxruntime")), names.toString());
        assertTrue(find(json, "inference.onnxruntime").get("message").asText().startsWith("ONNX Runtime 1.29"),
                "ONNX Runtime's native library loads inside the framework: " + find(json, "inference.onnxruntime"));
        JsonNode bundles = find(json, "bundles").get("details");
        assertEquals("active", bundles.get("io.platewise.auth").get("state").asText());
    }

    @Test
    void everythingElseNeedsCredentials() throws Exception {
        for (String path : new String[] {"system", "users", "tokens", "openapi.json", "no-such-thing"}) {
            Reply reply = Api.anonymous(server).get(path);
            assertEquals(401, reply.status(), path + ": " + reply);
            assertEquals("unauthorized", reply.json().get("error").asText());
            assertTrue(reply.header("WWW-Authenticate").startsWith("Basic"), path);
        }
        assertEquals(401, Api.basic(server, "admin", "not-the-password").get("system").status());
        assertEquals(401, Api.bearer(server, "pw_0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").get("system").status());
    }

    @Test
    void systemReportsVersionsAndUptime() throws Exception {
        Reply system = admin.get("system");
        assertEquals(200, system.status(), system.body());
        assertEquals("Platewise", system.json().get("product").asText());
        assertTrue(system.json().get("framework").asText().startsWith("org.apache.felix.framework"));
        assertTrue(system.json().get("uptimeSeconds").asLong() >= 0);
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        Reply malformed = admin.post("users", "{\"name\": ");
        assertEquals(400, malformed.status(), malformed.body());
        assertEquals("malformed_json", malformed.json().get("error").asText());

        Reply unknownField = admin.post("users", "{\"name\": \"x\", \"password\": \"long-enough-1\", \"role\": \"viewer\", \"admin\": true}");
        assertEquals(400, unknownField.status());
        assertTrue(unknownField.json().get("message").asText().contains("admin"), unknownField.body());

        Reply wrongType = admin.post("users", "{\"name\": [\"x\"], \"password\": \"long-enough-1\", \"role\": \"viewer\"}");
        assertEquals(400, wrongType.status(), wrongType.body());
        assertEquals("invalid_input", wrongType.json().get("error").asText());
        assertEquals("name must be text", wrongType.json().get("message").asText(), "the field and its type, no Java class names");

        Reply badRole = admin.post("users", "{\"name\": \"x\", \"password\": \"long-enough-1\", \"role\": \"root\"}");
        assertEquals(400, badRole.status());
        assertEquals("invalid_input", badRole.json().get("error").asText());

        Reply missing = admin.get("no-such-thing");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.json().get("error").asText());

        Reply wrongMethod = admin.delete("system");
        assertEquals(405, wrongMethod.status());
        assertEquals(405, wrongMethod.json().get("status").asInt());
    }

    @Test
    void rolesDecideWhoMayAct() throws Exception {
        assertEquals(201, admin.post("users", "{\"name\": \"viewer1\", \"password\": \"viewer-password\", \"role\": \"viewer\"}").status());
        Api viewer = Api.basic(server, "viewer1", "viewer-password");
        assertEquals(200, viewer.get("system").status());
        Reply forbidden = viewer.post("users", "{\"name\": \"sneaky\", \"password\": \"sneaky-password\", \"role\": \"admin\"}");
        assertEquals(403, forbidden.status(), forbidden.body());
        assertEquals("forbidden", forbidden.json().get("error").asText());
        assertTrue(forbidden.json().get("message").asText().contains("admin"), forbidden.body());
        assertEquals(404, admin.get("users/sneaky").status(), "nothing was created");
        assertEquals(403, viewer.put("users/admin/password", "{\"password\": \"taken-over-1\"}").status());
        assertEquals(204, viewer.put("users/viewer1/password", "{\"password\": \"viewer-password-2\"}").status());
        assertEquals(401, viewer.get("system").status(), "old password no longer works");
        assertEquals("viewer", Api.basic(server, "viewer1", "viewer-password-2").get("users/me").json().get("role").asText());
        assertEquals(409, admin.post("users", "{\"name\": \"viewer1\", \"password\": \"viewer-password\", \"role\": \"viewer\"}").status());
    }

    @Test
    void apiTokensWorkUntilRevoked() throws Exception {
        assertEquals(201, admin.post("users", "{\"name\": \"integrator\", \"password\": \"integrator-pw\", \"role\": \"operator\"}").status());
        Api integrator = Api.basic(server, "integrator", "integrator-pw");
        Reply created = integrator.post("tokens", "{\"name\": \"vms connector\", \"expiresInDays\": 30}");
        assertEquals(201, created.status(), created.body());
        String token = created.json().get("token").asText();
        String id = created.json().get("details").get("id").asText();
        Api bearer = Api.bearer(server, token);
        Reply me = bearer.get("users/me");
        assertEquals("integrator", me.json().get("name").asText());
        assertEquals("token", me.json().get("authenticatedWith").asText());
        assertEquals(403, bearer.get("users").status(), "a token has its user's role, no more");
        assertTrue(integrator.get("tokens").body().contains(id));
        assertTrue(!integrator.get("tokens").body().contains(token), "the secret is shown once only");
        assertEquals(204, integrator.delete("tokens/" + id).status());
        assertEquals(401, bearer.get("users/me").status());
    }

    @Test
    void repeatedFailedLoginsAreThrottledAndLogged() throws Exception {
        assertEquals(201, admin.post("users", "{\"name\": \"target\", \"password\": \"target-password\", \"role\": \"viewer\"}").status());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, Api.basic(server, "target", "guess-" + i).get("system").status());
        }
        Reply locked = Api.basic(server, "target", "target-password").get("system");
        assertEquals(429, locked.status(), "even the right password waits while locked: " + locked);
        assertNotNull(locked.header("Retry-After"));
        assertEquals("too_many_requests", locked.json().get("error").asText());
        assertEquals(200, admin.get("system").status(), "other users are not locked out");
        Path log = server.home().resolve("data/logs/platewise.log");
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(logged.contains("Failed login for user 'target'"), "failed logins are logged in " + log);
    }

    @Test
    void openApiDescribesEveryResourceWithItsRoles() throws Exception {
        Reply document = admin.get("openapi.json");
        assertEquals(200, document.status());
        JsonNode paths = document.json().get("paths");
        for (String path : new String[] {"/health", "/system", "/users", "/users/{name}", "/tokens", "/tokens/{id}", "/openapi.json"}) {
            assertTrue(paths.has(path), "OpenAPI lacks " + path + ": " + paths.fieldNames());
        }
        assertEquals("admin", paths.get("/users").get("post").get("x-roles").get(0).asText());
        assertEquals(0, paths.get("/health").get("get").get("security").size());
    }

    @Test
    void nativeLibrariesAndFileInstallKeepToTheDataFolder() throws Exception {
        JsonNode onnxRuntime = find(Api.anonymous(server).get("health").json(), "inference.onnxruntime");
        Path natives = server.home().resolve("data/natives").toRealPath();
        Path loadedFrom = Path.of(onnxRuntime.get("details").get("nativeLibraries").asText());
        assertEquals(natives, loadedFrom.getParent(), onnxRuntime.toString());
        assertTrue(Files.isRegularFile(loadedFrom.resolve(System.mapLibraryName("onnxruntime"))), loadedFrom.toString());
        assertTrue(Files.isDirectory(server.home().resolve("data/fileinstall/config")));
        assertTrue(Files.isDirectory(server.home().resolve("data/fileinstall/deploy")));
        // Each start used to leave ONNX Runtime's 28 MB and two File Install folders in the system's temporary
        // folder: the launcher's halt skips the exit hooks that were to remove them. ONNX Runtime still makes
        // one empty folder there at every load, which we cannot stop.
        try (Stream<Path> left = Files.walk(temporary)) {
            List<String> files = left.filter(path -> !Files.isDirectory(path)
                    || path.getFileName().toString().startsWith("fileinstall")).map(Path::toString).toList();
            assertEquals(List.of(), files, "files the server left in its temporary folder");
        }
    }

    private static JsonNode find(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("No check " + name);
    }
}
