package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.platewise.itest.Api.Reply;
import io.platewise.video.encode.ClipWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Cameras over REST in the real runtime: FFmpeg decoding inside Felix, states, snapshots, changes, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CamerasIT {

    private PlatewiseServer server;
    private Api operator;
    private Path clip;

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        clip = folder.resolve("gate.mp4");
        try (ClipWriter writer = new ClipWriter(clip, "libopenh264", 640, 360, 25, 1_500_000)) {
            for (int i = 0; i < 75; i++) {
                byte[] bgr = new byte[640 * 360 * 3];
                java.util.Arrays.fill(bgr, (byte) (i * 3));
                writer.write(bgr);
            }
        }
        server = PlatewiseServer.fresh(folder, true).start();
        Api admin = Api.admin(server);
        assertEquals(201, admin.post("users", "{\"name\": \"op\", \"password\": \"operator-pw-1\", \"role\": \"operator\"}").status());
        operator = Api.basic(server, "op", "operator-pw-1");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private JsonNode awaitCamera(String id, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            Reply reply = operator.get("cameras/" + id);
            if (reply.status() == 200) {
                last = reply.json();
                if (!last.get("status").isNull() && condition.test(last.get("status"))) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Camera " + id + " never became " + what + "; last: " + last);
    }

    @Test
    void fileCameraStreamsAndServesSnapshotsAndTakesChangesWhileStreaming() throws Exception {
        Reply created = operator.post("cameras", "{\"id\": \"gate\", \"name\": \"Gate\", \"source\": \"" + clip
                + "\", \"loop\": true, \"analysisFps\": 5}");
        assertEquals(201, created.status(), created.body());
        // Answered once the camera runs (ConfigAdmin applies its configuration on a thread of its own), so a task may name it at once.
        assertEquals("gate", created.json().get("status").get("id").asText(), created.body());
        JsonNode camera = awaitCamera("gate", s -> "STREAMING".equals(s.get("state").asText()), "streaming");
        assertTrue(camera.get("status").get("decodePath").asText().startsWith("software (h264)"), camera.toString());
        assertEquals(640, camera.get("status").get("width").asInt());

        HttpResponse<byte[]> snapshot = snapshot("gate");
        assertEquals(200, snapshot.statusCode());
        assertEquals("image/jpeg", snapshot.headers().firstValue("Content-Type").orElse(""));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(snapshot.body()));
        assertEquals(640, image.getWidth());

        Reply changed = operator.put("cameras/gate", "{\"maxWidth\": 320}");
        assertEquals(200, changed.status(), changed.body());
        long deadline = System.currentTimeMillis() + 20_000;
        int width = 0;
        while (System.currentTimeMillis() < deadline && width != 320) {
            HttpResponse<byte[]> next = snapshot("gate");
            width = next.statusCode() == 200 ? ImageIO.read(new ByteArrayInputStream(next.body())).getWidth() : 0;
            Thread.sleep(200);
        }
        assertEquals(320, width, "the new resolution cap applies while the camera streams");

        JsonNode health = Api.anonymous(server).get("health").json();
        boolean camerasChecked = false;
        for (JsonNode check : health.get("checks")) {
            camerasChecked |= "cameras".equals(check.get("name").asText()) && check.get("details").has("gate");
        }
        assertTrue(camerasChecked, health.toString());

        assertEquals(204, operator.delete("cameras/gate").status());
        assertEquals(404, operator.get("cameras/gate").status());
    }

    @Test
    void theShippedDemoCameraPlaysTheRenderedClip() throws Exception {
        JsonNode demo = awaitCamera("demo", s -> "STREAMING".equals(s.get("state").asText()) && s.get("sampled").asLong() > 3, "streaming");
        assertEquals(1280, demo.get("status").get("width").asInt());
        assertEquals(200, snapshot("demo").statusCode());
        assertTrue(java.nio.file.Files.isRegularFile(server.home().resolve("demo/demo.labels.csv")), "ground truth ships beside the clip");

        // It comes from config/, so REST does not change it: the refusal names the file to edit.
        Reply change = operator.put("cameras/demo", "{\"analysisFps\": 2}");
        assertEquals(409, change.status(), change.body());
        assertTrue(change.body().contains("config/io.platewise.video.camera-demo.cfg"), change.body());
        assertEquals(409, operator.delete("cameras/demo").status());
        assertEquals("5", operator.get("cameras/demo").json().get("configuration").get("analysisFps").asText(), "nothing changed");
    }

    @Test
    void missingFileIsReportedAsBackingOffWithAPlainMessage() throws Exception {
        assertEquals(201, operator.post("cameras", "{\"id\": \"lost\", \"source\": \"/nonexistent/clip.mp4\"}").status());
        JsonNode camera = awaitCamera("lost", s -> "BACKING_OFF".equals(s.get("state").asText()), "backing off");
        assertTrue(camera.get("status").get("message").asText().startsWith("File not found"), camera.toString());
        assertEquals(503, snapshot("lost").statusCode(), "no frame yet");
        assertEquals(200, Api.anonymous(server).get("health").status(), "a camera down degrades, it does not fail the server");
        assertEquals(204, operator.delete("cameras/lost").status());
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        Reply scheme = operator.post("cameras", "{\"id\": \"bad\", \"source\": \"ftp://example.org/x.mp4\"}");
        assertEquals(400, scheme.status());
        assertTrue(scheme.json().get("message").asText().contains("Unsupported source scheme 'ftp'"), scheme.body());
        assertEquals(400, operator.post("cameras", "{\"id\": \"bad\", \"source\": \"/x.mp4\", \"analysisFps\": 500}").status());
        assertEquals(400, operator.post("cameras", "{\"id\": \"Bad Id\", \"source\": \"/x.mp4\"}").status());
        assertEquals(404, operator.get("cameras/bad").status(), "nothing was created");
        assertEquals(404, operator.put("cameras/nope", "{\"loop\": true}").status());

        assertEquals(201, operator.post("cameras", "{\"id\": \"twice\", \"source\": \"" + clip + "\"}").status());
        assertEquals(409, operator.post("cameras", "{\"id\": \"twice\", \"source\": \"" + clip + "\"}").status());
        Reply badChange = operator.put("cameras/twice", "{\"rtspTransport\": \"carrier-pigeon\"}");
        assertEquals(400, badChange.status());
        assertEquals("tcp", operator.get("cameras/twice").json().get("configuration").get("rtspTransport").asText(),
                "a refused change leaves the camera as it was");
        assertEquals(204, operator.delete("cameras/twice").status());

        Api viewer = Api.admin(server);
        assertEquals(201, viewer.post("users", "{\"name\": \"watcher\", \"password\": \"watcher-pw-1\", \"role\": \"viewer\"}").status());
        assertEquals(403, Api.basic(server, "watcher", "watcher-pw-1").post("cameras",
                "{\"id\": \"x\", \"source\": \"/x.mp4\"}").status());
    }

    private HttpResponse<byte[]> snapshot(String id) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(operator.request("cameras/" + id + "/snapshot").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
