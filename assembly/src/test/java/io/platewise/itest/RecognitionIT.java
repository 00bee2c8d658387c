package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.platewise.itest.Api.Reply;
import io.platewise.recognition.api.RecognitionEvents;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recognition pipeline end to end, through the real distribution: the demo camera plays the
 * rendered clip (whose plates are known from demo.labels.csv), the demo task runs the shipped
 * default detector and reader, and tracklets come out over REST with their images; plugins come and
 * go through deploy/, models are swapped while frames flow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecognitionIT {

    @TempDir
    static Path folder;

    private static PlatewiseServer server;
    private static Api operator;

    @BeforeAll
    static void start() throws Exception {
        server = PlatewiseServer.fresh(folder, true).start();
        operator = Api.admin(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The demo clip's labels: a header, then a row per plate per frame ({@code frame,time_ms,plate,...}). */
    private static List<String> clipLabels() throws IOException {
        return Files.readAllLines(server.home().resolve("demo/demo.labels.csv"));
    }

    private static Set<String> clipPlates(List<String> lines) {
        Set<String> plates = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            plates.add(line.split(",")[2]);
        }
        return plates;
    }

    private static Set<String> clipPlates() throws IOException {
        return clipPlates(clipLabels());
    }

    private static JsonNode await(String path, Predicate<JsonNode> condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = operator.get(path);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            Thread.sleep(500);
        }
        fail("Not " + what + " within " + seconds + " s; last " + path + ": " + last + "\n" + server.logTail());
        return null;
    }

    private static JsonNode demoTask() throws Exception {
        return operator.get("tasks/demo").json();
    }

    @Test
    @Order(1)
    void theDemoTaskReadsTheClipsPlatesIntoTracklets() throws Exception {
        JsonNode task = demoTask();
        assertEquals("RUNNING", task.get("state").asText(), task.toString());
        assertTrue(task.get("models").asText().contains("platewise-detector"), task.toString());
        List<String> labels = clipLabels();
        Set<String> expected = clipPlates(labels);
        JsonNode page = await("tracklets?camera=demo&limit=200", p -> {
            Set<String> read = new HashSet<>();
            p.get("items").forEach(t -> read.add(t.get("plate").asText()));
            return read.containsAll(expected);
        }, 90, "every plate of the clip read");
        assertOneRightTrackletPerCarAndPass(page.get("items"), labels);
        JsonNode first = page.get("items").get(0);
        assertTrue(first.get("sightings").asInt() >= 2, first.toString());
        assertEquals("demo", first.get("taskId").asText());

        JsonNode detail = operator.get("tracklets/" + first.get("id").asText()).json();
        assertEquals(first.get("sightings").asInt(), detail.get("observations").size(), detail.toString());
        // The demo's cars drive towards the camera: their plates grow as they come.
        page.get("items").forEach(t -> assertEquals("APPROACHING", t.get("travel").get("heading").asText(), t.toString()));
        assertTrue(detail.get("travel").get("sizeChange").asDouble() >= 1.25, detail.get("travel").toString());
        List<String> arrivals = operator.get("tracklets?camera=demo&heading=approaching&limit=500").json().get("items").findValuesAsText("id");
        page.get("items").forEach(t -> assertTrue(arrivals.contains(t.get("id").asText()), "every car of the demo arrives: " + t));
        assertEquals(0, operator.get("tracklets?camera=demo&heading=receding").json().get("total").asLong());
        Reply sideways = operator.get("tracklets?heading=sideways");
        assertEquals(400, sideways.status());
        assertTrue(sideways.body().contains("heading is one of approaching, receding, crossing, stationary; not 'sideways'"), sideways.body());
        assertEquals(4, detail.get("best").get("box").size());

        BufferedImage frame = image("tracklets/" + first.get("id").asText() + "/frame.jpg");
        assertEquals(1280, frame.getWidth());
        assertEquals(720, frame.getHeight());
        BufferedImage crop = image("tracklets/" + first.get("id").asText() + "/crop.jpg");
        assertTrue(crop.getWidth() > crop.getHeight(), "a plate crop is wider than high: " + crop.getWidth() + "x" + crop.getHeight());
        // Some read sightings keep their crops too (sightingCrops, 4 by default), served by frame number.
        List<Long> framesWithCrops = new ArrayList<>();
        detail.get("observations").forEach(o -> {
            if (o.hasNonNull("cropRef")) {
                framesWithCrops.add(o.get("frame").asLong());
            }
        });
        assertTrue(!framesWithCrops.isEmpty() && framesWithCrops.size() <= 4, framesWithCrops + " of " + detail);
        for (long frameNumber : framesWithCrops) {
            BufferedImage sightingCrop = image("tracklets/" + first.get("id").asText() + "/sightings/" + frameNumber + "/crop.jpg");
            assertTrue(sightingCrop.getWidth() > sightingCrop.getHeight(), "frame " + frameNumber + "'s plate crop");
        }
        Reply noCrop = operator.get("tracklets/" + first.get("id").asText() + "/sightings/999999999/crop.jpg");
        assertEquals(404, noCrop.status());
        assertTrue(noCrop.body().contains("the sightings with crops are frames " + framesWithCrops.get(0)), noCrop.body());
        assertEquals(400, operator.get("tracklets/" + first.get("id").asText() + "/sightings/first/crop.jpg").status());

        String plate = first.get("plate").asText();
        JsonNode byPlate = operator.get("tracklets?plate=" + plate.substring(1, 5).toLowerCase() + "&range=hour").json();
        assertTrue(byPlate.get("total").asInt() >= 1, byPlate.toString());
        byPlate.get("items").forEach(t -> assertTrue(t.get("plate").asText().contains(plate.substring(1, 5)), t.toString()));
        String id = first.get("id").asText();
        JsonNode exact = operator.get("tracklets?match=exact&limit=500&plate=" + plate.substring(0, 3) + "-" + plate.substring(3)).json();
        assertTrue(exact.get("items").findValuesAsText("id").contains(id), "an exact search, typed with a hyphen: " + exact);
        exact.get("items").forEach(t -> assertEquals(plate, t.get("plate").asText(), t.toString()));
        String slipped = swapLookAlikes(plate);
        JsonNode similar = operator.get("tracklets?match=similar&limit=500&plate=" + slipped).json();
        assertTrue(similar.get("items").findValuesAsText("id").contains(id), slipped + " is similar to " + plate + ": " + similar);
        if (!slipped.equals(plate)) {
            assertFalse(operator.get("tracklets?match=exact&limit=500&plate=" + slipped).json().get("items").findValuesAsText("id").contains(id));
        }
        String missed = plate.substring(0, 2) + plate.substring(3);
        JsonNode near = operator.get("tracklets?match=near&limit=500&plate=" + missed).json();
        assertTrue(near.get("items").findValuesAsText("id").contains(id), missed + " is near " + plate + ": " + near);
        assertEquals(400, operator.get("tracklets?match=near&plate=AB1").status(), "too short to search with a character free");
        Reply unknownMatch = operator.get("tracklets?plate=ABC&match=fuzzy");
        assertEquals(400, unknownMatch.status());
        assertTrue(unknownMatch.body().contains("match is one of contains, exact, similar, near; not 'fuzzy'"), unknownMatch.body());
        assertEquals(400, operator.get("tracklets?match=exact").status(), "a match with no plate to match");
        assertEquals(0, operator.get("tracklets?from=2999-01-01T00:00:00Z").json().get("total").asInt());
        assertEquals(1, operator.get("tracklets?camera=demo&limit=1").json().get("items").size());
        assertEquals(400, operator.get("tracklets?minConfidence=2").status());
        assertEquals(400, operator.get("tracklets?from=yesterday").status());
        Reply notANumber = operator.get("tracklets?limit=abc");
        assertEquals(400, notANumber.status(), "a mistyped number is the caller's mistake, not a missing resource");
        assertTrue(notANumber.body().contains("The query parameter 'limit' cannot be 'abc'"), notANumber.body());
        assertEquals(404, operator.get("tracklets/nope").status());
        JsonNode demo = demoTask();
        assertEquals(0, demo.get("stats").get("failed").asLong());
        // The tracklets above are all right while cars whose read had settled went partly unread.
        assertEquals(5, demo.get("definition").get("settledReadInterval").asInt(), demo.toString());
        assertTrue(demo.get("stats").get("settledUnread").asLong() > 0, "settled cars' plates left unread: " + demo.get("stats"));
        JsonNode storage = healthCheck(operator.get("health").json(), "tasks").get("details").get("trackletStorage");
        assertTrue(storage.get("stored").asLong() >= expected.size(), storage.toString());
        assertEquals(0, storage.get("lost").asLong(), storage.toString());
        assertEquals(0, storage.get("storedWithoutImages").asLong(), storage.toString());
    }

    /**
     * The clip's cars, each read right and seen as one tracklet per pass of the looping clip: no
     * tracklet of a plate the clip does not hold, and no car split in two (two tracklets of one plate
     * less than half a pass apart).
     */
    private static void assertOneRightTrackletPerCarAndPass(JsonNode tracklets, List<String> lines) {
        Set<String> plates = clipPlates(lines);
        long passMillis = Long.parseLong(lines.get(lines.size() - 1).split(",")[1]);
        Map<String, List<Instant>> starts = new TreeMap<>();
        for (JsonNode tracklet : tracklets) {
            assertTrue(plates.contains(tracklet.get("plate").asText()), "a tracklet of no car of the clip, or a car read wrong: "
                    + tracklet + " (the clip's plates: " + plates + ")");
            starts.computeIfAbsent(tracklet.get("plate").asText(), plate -> new ArrayList<>())
                    .add(Instant.parse(tracklet.get("start").asText()));
        }
        starts.forEach((plate, times) -> {
            Collections.sort(times);
            for (int i = 1; i < times.size(); i++) {
                long apart = Duration.between(times.get(i - 1), times.get(i)).toMillis();
                assertTrue(apart > passMillis / 2, plate + " has two tracklets " + apart + " ms apart in a clip that loops every "
                        + passMillis + " ms: one car split in two (" + times + ")");
            }
        });
    }

    @Test
    @Order(2)
    void everyStoredTrackletIsPostedAsAnOsgiEventThatAThirdPartyBundleReceives() throws Exception {
        Path deploy = server.home().resolve("deploy");
        ProbeBundle.deploy(ProbeBundle.build(folder, "1.0.0"), deploy, "probe.jar");
        try {
            JsonNode events = await("probe/tracklet-events", e -> e.size() >= 2, 90, "two finished-tracklet events received");
            for (JsonNode event : events) {
                String id = event.get(RecognitionEvents.TRACKLET_ID).asText();
                Reply stored = operator.get("tracklets/" + id);
                assertEquals(200, stored.status(), "the event's tracklet is stored before the event is posted: " + event);
                JsonNode tracklet = stored.json();
                assertEquals(tracklet.get("plate").asText(), event.get(RecognitionEvents.PLATE).asText());
                assertEquals("demo", event.get(RecognitionEvents.TASK_ID).asText(), event.toString());
                assertEquals("demo", event.get(RecognitionEvents.CAMERA_ID).asText(), event.toString());
                assertEquals(tracklet.get("travel").get("heading").asText(), event.get(RecognitionEvents.HEADING).asText(), event.toString());
                assertEquals(tracklet.get("confidence").asDouble(), event.get(RecognitionEvents.CONFIDENCE)
                        .asDouble(), 1e-6, event.toString());
                // The database keeps microseconds; the event carries the pipeline's instant as it was.
                assertTrue(Duration.between(Instant.parse(tracklet.get("start").asText()),
                        Instant.parse(event.get(RecognitionEvents.START).asText())).abs().toMillis() < 1, event + " / " + tracklet);
            }
            assertTrue(clipPlates().contains(events.get(0).get(RecognitionEvents.PLATE).asText()),
                    events.toString());
        } finally {
            Files.delete(deploy.resolve("probe.jar"));
        }
        assertEquals(404, ProbeBundle.awaitVersionStatus(operator, 404), "removed from deploy/, the probe is gone");
    }

    private static final String WEBHOOK_SECRET = "recognition-it-webhook-secret";

    /** The webhook signature as a receiver computes it from the README's recipe. */
    private static String hmac(String timestamp, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plate as a reader slipping on every look-alike would read it (0 as O, 8 as B, and back). */
    private static String swapLookAlikes(String plate) {
        String from = "0O8B5S1I2Z6G";
        String to = "O0B8S5I1Z2G6";
        StringBuilder swapped = new StringBuilder();
        for (char c : plate.toCharArray()) {
            swapped.append(from.indexOf(c) < 0 ? c : to.charAt(from.indexOf(c)));
        }
        return swapped.toString();
    }

    private static BufferedImage image(String path) throws Exception {
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(operator.request(path).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElse(""));
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    @Test
    @Order(3)
    void badTasksAreRefusedWithClearMessagesAndChangeNothing() throws Exception {
        String before = operator.get("tasks").json().findValues("definition").toString();
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"detectorModel\": \"nope\"}"), "no model 'nope'");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"nowhere\"}"), "camera 'nowhere' does not exist");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"templates\": [\"[A-Z{3\"]}"),
                "not a valid regular expression");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"country\": \"XX\"}"),
                "country 'XX' has no plate formats here (known: AR (Argentina), BR (Brazil)");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"detectionThreshold\": 1.5}"), "between 0 and 1");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"readerModel\": \"platewise-detector\"}"),
                "is a plate-detector, not a plate-reader");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"speed\": 3}"), "Unknown field 'speed'; known fields:");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"detectionThreshold\": \"high\"}"),
                "detectionThreshold must be a number, not \"high\"");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"zones\": [[0, 0, 1, \"x\"]]}"),
                "zones[0][3] must be a number, not \"x\"");
        assertRefused(operator.put("tasks/demo", "{\"minCharacters\": 4.7}"), "minCharacters must be a whole number, not 4.7");
        assertRefused(operator.post("tasks", "{\"id\": \"t1\", \"cameraId\": \"demo\", \"engine\": \"tensorrt\"}"),
                "engine 'tensorrt' is not installed");
        assertRefused(operator.put("tasks/demo", "{\"recognitionThreshold\": -0.1, \"zones\": [[0, 0, 1, 0]]}"), "recognitionThreshold");
        assertRefused(operator.put("tasks/demo", "{\"verificationThreshold\": 1.2}"), "verificationThreshold must be between 0 and 1");
        assertRefused(operator.put("tasks/demo", "{\"minCharacters\": -1}"), "minCharacters must be between 0 and 16");
        assertRefused(operator.put("tasks/demo", "{\"readerViews\": 4}"), "readerViews must be between 1 and 3, not 4");
        assertRefused(operator.put("tasks/demo", "{\"settledReadInterval\": 0}"),
                "settledReadInterval must be between 1 (every sighting read) and 100, not 0");
        assertRefused(operator.put("tasks/demo", "{\"sightingCrops\": 21}"),
                "sightingCrops must be between 0 (only the best sighting's crop) and 20, not 21");
        assertRefused(operator.post("tasks?start=ture", "{\"id\": \"t1\", \"cameraId\": \"demo\"}"), "The query parameter 'start' cannot be 'ture'");
        assertEquals(409, operator.post("tasks", "{\"id\": \"demo\", \"cameraId\": \"demo\"}").status());
        assertEquals(404, operator.put("tasks/none", "{}").status());
        assertRefused(operator.put("tasks/demo", "{\"country\": \"BR, XX\"}"), "country 'XX' has no plate formats here");
        assertEquals(before, operator.get("tasks").json().findValues("definition").toString(), "nothing changed");
        assertEquals(401, Api.anonymous(server).get("tasks").status(), "tasks need a login");

        // A border post's task names several countries; it is stored as their codes.
        Reply border = operator.post("tasks?start=false", "{\"id\": \"border\", \"cameraId\": \"demo\", \"country\": \"br, ar uy\"}");
        assertEquals(201, border.status(), border.toString());
        assertEquals("BR,AR,UY", operator.get("tasks/border").json().get("definition").get("country").asText());
        assertEquals(200, operator.post("tasks/border/archive", "").status());
    }

    private static void assertRefused(Reply reply, String messagePart) {
        assertEquals(400, reply.status(), reply.toString());
        assertTrue(reply.json().get("message").asText().contains(messagePart), reply.toString());
    }

    @Test
    @Order(4)
    void finishedTrackletsArePostedToTheWebhookWithRetries() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<Boolean> signatures = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // The first call fails: the tracklet must come again.
            int status = calls.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                // The signature is recorded before the delivery: the test waits on deliveries, then reads both.
                signatures.add(hmac(exchange.getRequestHeaders().getFirst("X-Platewise-Timestamp"), body)
                        .equals(exchange.getRequestHeaders().getFirst("X-Platewise-Signature")));
                delivered.add(exchange.getRequestHeaders().getFirst("X-Platewise-Attempt") + " " + new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            assertRefused(operator.put("tasks/demo", "{\"webhookSecret\": \"short\"}"), "webhookSecret must be at least 16 characters");
            Reply changed = operator.put("tasks/demo", "{\"webhookUrl\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"webhookSecret\": \"" + WEBHOOK_SECRET + "\"}");
            assertEquals(200, changed.status(), changed.toString());
            assertEquals("********", changed.json().get("definition").get("webhookSecret").asText(), "the secret is not shown");
            assertFalse(operator.get("tasks/demo").body().contains(WEBHOOK_SECRET));
            // The view sent back as it was shown keeps the secret.
            JsonNode shown = operator.get("tasks/demo").json().get("definition");
            assertEquals(200, operator.put("tasks/demo", shown.toString()).status());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (delivered.stream().noneMatch(d -> d.startsWith("2 ")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(delivered.stream().anyMatch(d -> d.startsWith("2 ")), "a retried delivery arrived: " + delivered);
            assertTrue(!signatures.isEmpty() && !signatures.contains(false), "every post signed with the task's secret: " + signatures);
            JsonNode webhook = demoTask().get("webhook");
            assertTrue(webhook.get("delivered").asLong() >= 1 && webhook.get("failedAttempts").asLong() >= 1, webhook.toString());
            assertEquals("HTTP 503", webhook.get("lastFailure").asText(), "the task's view says how its receiver takes the posts");
            JsonNode sent = Api.JSON.readTree(delivered.get(0).substring(2));
            assertEquals("demo", sent.get("taskId").asText());
            assertTrue(clipPlates().contains(sent.get("plate").asText()) || !sent.get("plate").asText().isEmpty(), sent.toString());
        } finally {
            operator.put("tasks/demo", "{\"webhookUrl\": \"\", \"webhookSecret\": \"\"}");
            receiver.stop(0);
        }
    }

    @Test
    @Order(6)
    void aPluginDroppedIntoDeployJoinsTheRunningTaskAndLeavesWithoutAFailedFrame() throws Exception {
        Path jar;
        try (Stream<Path> examples = Files.list(server.home().resolve("examples"))) {
            jar = examples.filter(p -> p.getFileName().toString().startsWith("io.platewise.plugin.motiongate")).findFirst().orElseThrow();
        }
        long framesBefore = demoTask().get("stats").get("frames").asLong();
        Files.copy(jar, server.home().resolve("deploy").resolve(jar.getFileName()));
        long framesAtJoin = await("tasks/demo", t -> t.get("plugins").toString().contains("motion-gate"), 30, "the motion gate joined")
                .get("stats").get("frames").asLong();
        JsonNode gated = await("tasks/demo", t -> t.get("stats").get("frames").asLong() >= framesAtJoin + 10, 30,
                "ten frames through the task with the motion gate in it");
        assertTrue(gated.get("plugins").toString().contains("motion-gate"), gated.toString());
        assertEquals(0, gated.get("stats").get("failed").asLong(), gated.toString());
        Files.delete(server.home().resolve("deploy").resolve(jar.getFileName()));
        JsonNode task = await("tasks/demo", t -> t.get("plugins").isEmpty(), 30, "the motion gate left");
        assertEquals(0, task.get("stats").get("failed").asLong(), task.toString());
        assertEquals("RUNNING", task.get("state").asText());
        long framesAfter = task.get("stats").get("frames").asLong();
        assertTrue(framesAfter > framesBefore, "frames kept flowing: " + framesBefore + " -> " + framesAfter);
    }

    /** The shipped reader package under another name (a "retrained" model). */
    private static byte[] renamedPackage(String prefix, String name) throws Exception {
        return renamedPackage(prefix, name, null);
    }

    private static byte[] renamedPackage(String prefix, String name, String task) throws Exception {
        return renamedPackage(prefix, name, task, null);
    }

    /** A shipped package under another name; {@code model}, if given, replaces its ONNX file (and its hash and size). */
    private static byte[] renamedPackage(String prefix, String name, String task, byte[] model) throws Exception {
        Path source;
        try (Stream<Path> packages = Files.list(server.home().resolve("defaults/models"))) {
            source = packages.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(source); TarArchiveInputStream tarIn = new TarArchiveInputStream(in);
                TarArchiveOutputStream tarOut = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry;
            while ((entry = tarIn.getNextEntry()) != null) {
                byte[] content = tarIn.readAllBytes();
                if (entry.getName().equals("descriptor.json")) {
                    ObjectNode descriptor = (ObjectNode) Api.JSON.readTree(content);
                    descriptor.put("name", name);
                    if (task != null) {
                        descriptor.put("task", task);
                    }
                    if (model != null) {
                        ObjectNode file = (ObjectNode) descriptor.get("files").get(0);
                        file.put("sha256", java.util.HexFormat.of().formatHex(
                                java.security.MessageDigest.getInstance("SHA-256").digest(model)));
                        file.put("size", model.length);
                        descriptor.putArray("tensorrtPlans");
                    }
                    content = Api.JSON.writeValueAsBytes(descriptor);
                } else if (model != null && entry.getName().endsWith(".onnx")) {
                    content = model;
                }
                TarArchiveEntry copy = new TarArchiveEntry(entry.getName());
                copy.setSize(content.length);
                tarOut.putArchiveEntry(copy);
                tarOut.write(content);
                tarOut.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Reply upload(byte[] tar) throws Exception {
        return operator.send(operator.request("models").header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tar)));
    }

    @Test
    @Order(7)
    void modelsAreHotSwappedWhileFramesFlowAndABrokenOneIsRefused() throws Exception {
        assertEquals(201, upload(renamedPackage("platewise-reader", "reader-retrained")).status());

        // A camera played as fast as it decodes: the pipeline is the bottleneck, keep-latest drops frames.
        String clip = server.home().resolve("demo/demo.mp4").toString();
        assertEquals(201, operator.post("cameras", "{\"id\": \"fast\", \"source\": \"" + clip
                + "\", \"loop\": true, \"realtime\": false, \"analysisFps\": 0}").status());
        assertEquals(201, operator.post("tasks", "{\"id\": \"fast\", \"cameraId\": \"fast\", \"readerViews\": 1}").status());
        assertEquals(1, operator.get("tasks/fast").json().get("definition").get("readerViews").asInt(), "one cut of each plate, as asked");
        assertEquals(3, operator.get("tasks/demo").json().get("definition").get("readerViews").asInt(),
                "three cuts unless a task asks for fewer");
        await("tracklets?camera=fast", p -> p.get("total").asLong() >= 2, 60, "tracklets at full speed");
        long fastFrames = operator.get("tasks/fast").json().get("stats").get("frames").asLong();
        assertEquals(200, operator.put("tasks/fast", "{\"readerModel\": \"reader-retrained\"}").status());
        await("tasks/fast/swaps", s -> s.size() == 1 && "SUCCEEDED".equals(s.get(0).get("result").asText()), 30, "the full-speed swap");
        long fastTracklets = operator.get("tracklets?camera=fast").json().get("total").asLong();
        await("tracklets?camera=fast", p -> p.get("total").asLong() > fastTracklets, 60, "tracklets after the full-speed swap");
        JsonNode fast = operator.get("tasks/fast").json();
        assertEquals(0, fast.get("stats").get("failed").asLong(), fast.toString());
        assertTrue(fast.get("stats").get("frames").asLong() > fastFrames, fast.toString());
        Reply inUse = operator.delete("cameras/fast");
        assertEquals(409, inUse.status(), "a task's camera is not deleted under it: " + inUse);
        assertTrue(inUse.toString().contains("task fast"), inUse.toString());
        assertEquals(200, operator.post("tasks/fast/archive", "").status());
        assertEquals(204, operator.delete("cameras/fast").status());

        long tracklets = operator.get("tracklets?camera=demo").json().get("total").asLong();
        Reply swapped = operator.put("tasks/demo", "{\"readerModel\": \"reader-retrained\"}");
        assertEquals(200, swapped.status(), swapped.toString());
        JsonNode swaps = await("tasks/demo/swaps", s -> s.size() == 1 && "SUCCEEDED".equals(s.get(0).get("result").asText()), 30,
                "the swap succeeded");
        assertEquals("admin", swaps.get(0).get("actor").asText());
        assertTrue(swaps.get(0).get("to").asText().contains("reader-retrained"), swaps.toString());
        assertTrue(demoTask().get("models").asText().contains("reader-retrained"));
        assertEquals(409, operator.delete("models/reader-retrained").status(), "a model in use cannot be deleted");
        await("tracklets?camera=demo", p -> p.get("total").asLong() > tracklets + 1, 60, "tracklets continuing after the swap");
        JsonNode latest = operator.get("tracklets?camera=demo&limit=1").json().get("items").get(0);
        assertTrue(latest.get("readerModel").asText().startsWith("reader-retrained"), latest.toString());

        // A reader network registered as a detector: installs (it runs in its declared shapes) but cannot detect.
        Reply installed = upload(renamedPackage("platewise-reader", "not-a-detector", "plate-detector"));
        assertEquals(201, installed.status(), installed.toString());
        Reply refused = operator.put("tasks/demo", "{\"detectorModel\": \"not-a-detector\"}");
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.json().get("message").asText().contains("keeps running"), refused.toString());
        JsonNode task = demoTask();
        assertEquals("platewise-detector-int8", task.get("definition").get("detectorModel").asText());
        assertEquals("FAILED", operator.get("tasks/demo/swaps").json().get(0).get("result").asText());
        assertEquals(0, task.get("stats").get("failed").asLong(), task.toString());
        assertEquals("RUNNING", task.get("state").asText());

        // A detector that warms up but fails on live frames (tools/training/make_trap_detector.py): the swap rolls
        // back on the first frame, the change is refused, and the task's definition names the models that run again.
        byte[] trap;
        try (InputStream in = RecognitionIT.class.getResourceAsStream("/models/trap-detector.onnx")) {
            trap = in.readAllBytes();
        }
        assertEquals(201, upload(renamedPackage("platewise-detector-int8", "trap-detector", null, trap)).status());
        long failedBefore = demoTask().get("stats").get("failed").asLong();
        Reply trapped = operator.put("tasks/demo", "{\"detectorModel\": \"trap-detector\"}");
        assertEquals(409, trapped.status(), trapped.toString());
        assertTrue(trapped.json().get("message").asText().contains("were rolled back"), trapped.toString());
        assertTrue(trapped.json().get("message").asText().contains("keeps running platewise-detector-int8"), trapped.toString());
        JsonNode rolledBack = await("tasks/demo/swaps", s -> "ROLLED_BACK".equals(s.get(0).get("result").asText()), 30,
                "the trap detector rolled back");
        assertTrue(rolledBack.get(0).get("message").asText().contains("failed on their first frames"), rolledBack.toString());
        JsonNode reverted = await("tasks/demo", t -> "platewise-detector-int8".equals(t.get("definition").get("detectorModel").asText()),
                30, "the definition names the detector that runs again");
        assertEquals("RUNNING", reverted.get("state").asText());
        assertEquals(1, reverted.get("stats").get("rollbacks").asLong(), reverted.toString());
        assertEquals(failedBefore, reverted.get("stats").get("failed").asLong(), "the failing frame ran again on the old models");
        assertTrue(reverted.get("models").asText().startsWith("platewise-detector-int8"), reverted.toString());
        assertEquals(204, operator.delete("models/trap-detector").status(), "no task holds the rolled-back model");
        long afterRollback = operator.get("tracklets?camera=demo").json().get("total").asLong();
        await("tracklets?camera=demo", p -> p.get("total").asLong() > afterRollback, 60, "tracklets after the rollback");

        // A new camera with a model that cannot run there: refused as a whole, and the task runs on its camera as before.
        assertEquals(201, operator.post("cameras", "{\"id\": \"other\", \"source\": \"" + clip + "\", \"loop\": true}").status());
        Reply moved = operator.put("tasks/demo", "{\"cameraId\": \"other\", \"detectorModel\": \"not-a-detector\"}");
        assertEquals(409, moved.status(), moved.toString());
        assertTrue(moved.json().get("message").asText().contains("runs on camera 'demo' as before"), moved.toString());
        JsonNode kept = await("tasks/demo", t -> t.path("stats").path("frames").asLong() > 0, 30, "frames on the demo camera again");
        assertEquals("demo", kept.get("definition").get("cameraId").asText());
        assertEquals("platewise-detector-int8", kept.get("definition").get("detectorModel").asText());
        assertEquals("RUNNING", kept.get("state").asText());
        assertTrue(kept.path("error").isNull() || kept.path("error").isMissingNode(), kept.toString());
        assertEquals(204, operator.delete("cameras/other").status());
    }

    @Test
    @Order(8)
    void aModelBundleDroppedIntoDeployInstallsItsPackage() throws Exception {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        java.util.jar.Attributes attributes = manifest.getMainAttributes();
        attributes.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Bundle-ManifestVersion", "2");
        attributes.putValue("Bundle-SymbolicName", "com.example.models.reader");
        attributes.putValue("Bundle-Version", "1.0.0");
        attributes.putValue("Platewise-Models", "models/reader.tar");
        Path jar = folder.resolve("com.example.models.reader.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("models/reader.tar"));
            out.write(renamedPackage("platewise-reader", "reader-from-bundle"));
            out.closeEntry();
        }
        Files.copy(jar, server.home().resolve("deploy").resolve(jar.getFileName()));
        JsonNode model = await("models/reader-from-bundle", m -> true, 30, "the bundle's model installed");
        assertEquals("bundle com.example.models.reader", model.get("model").get("installedBy").asText(), model.toString());
        Reply swapped = operator.put("tasks/demo", "{\"readerModel\": \"reader-from-bundle\"}");
        assertEquals(200, swapped.status(), swapped.toString());
        await("tasks/demo/swaps", s -> "SUCCEEDED".equals(s.get(0).get("result").asText()) && s.get(0).get("to").asText().contains("reader-from-bundle"),
                30, "the swap to the bundle's model succeeded");
        assertEquals(200, operator.put("tasks/demo", "{\"readerModel\": \"reader-retrained\"}").status());
        Files.delete(server.home().resolve("deploy").resolve(jar.getFileName()));
        Thread.sleep(3000);
        assertEquals(200, operator.get("models/reader-from-bundle").status(), "the bundle's models outlive the bundle");
    }

    @Test
    @Order(9)
    void tasksAndTrackletsSurviveARestart() throws Exception {
        long tracklets = operator.get("tracklets").json().get("total").asLong();
        assertEquals(0, server.stop());
        server.start();
        JsonNode task = demoTask();
        assertEquals("RUNNING", task.get("state").asText(), task.toString());
        assertEquals("reader-retrained", task.get("definition").get("readerModel").asText());
        assertTrue(operator.get("tracklets").json().get("total").asLong() >= tracklets);
        assertEquals(200, operator.post("tasks/demo/stop", "").status());
        assertEquals("STOPPED", demoTask().get("state").asText());
        long stoppedTracklets = operator.get("tracklets?task=demo").json().get("total").asLong();
        Reply restarted = operator.post("tasks/demo/start", "");
        assertEquals(200, restarted.status(), restarted.toString());
        assertEquals("RUNNING", demoTask().get("state").asText(), "a stopped task runs again");
        JsonNode running = await("tasks/demo", t -> t.path("stats").path("frames").asLong() > 0, 30, "frames through the restarted task");
        assertEquals(0, running.get("stats").get("failed").asLong(), running.toString());
        await("tracklets?task=demo", p -> p.get("total").asLong() > stoppedTracklets, 60, "a tracklet from the restarted task");
        assertEquals(200, operator.post("tasks/demo/stop", "").status());
        assertEquals(200, operator.post("tasks/demo/archive", "").status());
        assertEquals(409, operator.post("tasks/demo/start", "").status(), "an archived task does not run again");
        assertEquals(204, operator.delete("models/reader-retrained").status(), "an archived task holds no model");
    }

    @Test
    @Order(11)
    void anAdminErasesOneTrackletOrEveryTrackletOfAPlateWithTheirImages() throws Exception {
        JsonNode first = operator.get("tracklets?limit=1").json().get("items").get(0);
        String id = first.get("id").asText();
        Path crop = server.home().resolve("data/files").resolve(first.get("cropRef").asText());
        assertTrue(Files.exists(crop), crop.toString());
        List<Path> sightingCrops = new ArrayList<>();
        operator.get("tracklets/" + id).json().get("observations").forEach(o -> {
            if (o.hasNonNull("cropRef")) {
                sightingCrops.add(server.home().resolve("data/files").resolve(o.get("cropRef").asText()));
            }
        });
        assertTrue(!sightingCrops.isEmpty() && sightingCrops.stream().allMatch(Files::exists), sightingCrops.toString());
        assertEquals(201, operator.post("users", "{\"name\": \"eraser\", \"password\": \"operator-pw-1\", \"role\": \"operator\"}").status());
        assertEquals(403, Api.basic(server, "eraser", "operator-pw-1").delete("tracklets/" + id).status(), "only an admin erases");
        assertEquals(204, operator.delete("tracklets/" + id).status());
        assertEquals(404, operator.get("tracklets/" + id).status());
        assertTrue(!Files.exists(crop), "its crop went with it");
        assertTrue(sightingCrops.stream().noneMatch(Files::exists), "and its sightings' crops");
        assertEquals(404, operator.delete("tracklets/" + id).status());

        String plate = operator.get("tracklets?limit=1").json().get("items").get(0).get("plate").asText();
        long ofThatPlate = operator.get("tracklets?plate=" + plate).json().get("items").findValuesAsText("plate").stream()
                .filter(plate::equals).count();
        assertTrue(ofThatPlate >= 1);
        Reply erased = operator.delete("tracklets?plate=" + plate.toLowerCase(java.util.Locale.ROOT));
        assertEquals(200, erased.status(), erased.toString());
        assertEquals(ofThatPlate, erased.json().get("deleted").asLong(), "every tracklet of the exact plate, whatever the case given");
        assertTrue(operator.get("tracklets?plate=" + plate).json().get("items").findValuesAsText("plate").stream().noneMatch(plate::equals));
        Reply unnamed = operator.delete("tracklets");
        assertEquals(400, unnamed.status(), unnamed.toString());
        assertTrue(unnamed.toString().contains("Name the plate"), unnamed.toString());
        Reply noPlate = operator.delete("tracklets?plate=-");
        assertEquals(400, noPlate.status(), "a plate of separators alone names no plate: " + noPlate);
    }

    @Test
    @Order(12)
    void retentionDeletesTheOldestTrackletsWithTheirImagesWhileTheDiskIsShort() throws Exception {
        JsonNode page = operator.get("tracklets?limit=1").json();
        assertTrue(page.get("total").asLong() > 0, page.toString());
        String id = page.get("items").get(0).get("id").asText();
        assertEquals(200, operator.get("tracklets/" + id + "/crop.jpg").status());
        Path images = server.home().resolve("data/files/tracklets");
        assertTrue(jpegsUnder(images) > 0);

        Path configuration = server.home().resolve("config/io.platewise.recognition.retention.cfg");
        String defaults = Files.readString(configuration);
        // No disk has a petabyte free: each run deletes every stored tracklet.
        Files.writeString(configuration, "days=30\nkeepFreeMegabytes=1000000000\nintervalSeconds=1\n");
        try {
            await("tracklets", p -> p.get("total").asLong() == 0, 60, "every tracklet deleted for space");
            assertEquals(404, operator.get("tracklets/" + id).status());
            // The rows go first, then their files: the last files may still be going as the count reaches 0.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (jpegsUnder(images) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, jpegsUnder(images), "their crops and frames went with them");
            JsonNode retention = await("health", h -> {
                JsonNode check = healthCheck(h, "retention");
                return check != null && check.get("details").get("deletedForSpaceSinceStart").asLong() > 0;
            }, 30, "retention's deletions in health");
            assertEquals("DEGRADED", healthCheck(retention, "retention").get("status").asText(), retention.toString());
        } finally {
            Files.writeString(configuration, defaults);
        }
        JsonNode relaxed = await("health", h -> {
            JsonNode check = healthCheck(h, "retention");
            return check != null && "UP".equals(check.get("status").asText());
        }, 30, "retention healthy on the defaults");
        assertTrue(healthCheck(relaxed, "retention").get("message").asText().startsWith("Tracklets are kept 30 days"), relaxed.toString());
        // Back on the defaults, new tracklets are kept.
        assertEquals(201, operator.post("tasks", "{\"id\": \"kept\", \"cameraId\": \"demo\"}").status());
        await("tracklets?task=kept", p -> p.get("total").asLong() >= 1, 90, "a tracklet kept under the default limits");
        Thread.sleep(3000);
        assertTrue(operator.get("tracklets?task=kept").json().get("total").asLong() >= 1, "still kept a few runs later");
        assertEquals(200, operator.post("tasks/kept/archive", "").status());
    }

    private static long jpegsUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        // Counted while retention deletes: a file listed and gone before it is looked at is not counted.
        long[] jpegs = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.toString().endsWith(".jpg")) {
                    jpegs[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return jpegs[0];
    }

    private static JsonNode tensorRtHealth() throws Exception {
        return healthCheck(operator.get("health").json(), "inference.tensorrt");
    }

    /** The check of that name in a {@code /api/health} answer, or null. */
    private static JsonNode healthCheck(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        return null;
    }

    /**
     * A zone over the road: from the next frame the detector looks at the zone's area of the running task's 720p frames,
     * a third larger than the whole frame gives it, and the task's stats say so; frames keep flowing without a failure.
     */
    /** What the task's detector looked at in its last frame: frame size, area, position and magnification. */
    private static String looked(JsonNode task) {
        JsonNode area = task.get("stats").get("detectionArea");
        assertTrue(area != null && area.isObject(), "the task's stats say what its detector looked at: " + task);
        return area.get("frameWidth").asInt() + "x" + area.get("frameHeight").asInt() + ": " + area.get("width").asInt() + "x"
                + area.get("height").asInt() + " at " + area.get("x").asInt() + "," + area.get("y").asInt() + ", x"
                + area.get("magnification").asDouble();
    }

    @Test
    @Order(5)
    void aZoneOverTheRoadMagnifiesWhatTheDetectorLooksAtAndTheTaskShowsIt() throws Exception {
        assertEquals("1280x720: 1280x720 at 0,0, x1.0", looked(demoTask()), "no zones: the whole frame");
        try {
            assertEquals(200, operator.put("tasks/demo", "{\"zones\": [[0.25, 0.4, 0.75, 0.4, 0.75, 1, 0.25, 1]]}").status());
            JsonNode zoned = await("tasks/demo", t -> t.get("stats").get("detectionArea").get("magnification").asDouble() > 1,
                    30, "the detector looking at the zone's area");
            assertEquals("1280x720: 960x540 at 160,180, x1.333", looked(zoned));
            long frames = zoned.get("stats").get("frames").asLong();
            JsonNode later = await("tasks/demo", t -> t.get("stats").get("frames").asLong() >= frames + 10, 30, "ten more frames");
            assertEquals(0, later.get("stats").get("failed").asLong(), later.toString());
        } finally {
            assertEquals(200, operator.put("tasks/demo", "{\"zones\": []}").status());
        }
        await("tasks/demo", t -> t.get("stats").get("detectionArea").get("magnification").asDouble() == 1.0, 30,
                "the whole frame again without zones");
    }

    @Test
    @Order(10)
    void theTensorRtEngineDroppedIntoDeployRunsATaskAndHealthSaysWhereEachModelRuns() throws Exception {
        List<Path> jars = server.gpuBundles();
        assertEquals(2, jars.size(), jars.toString());
        for (Path jar : jars) {
            Files.copy(jar, server.home().resolve("deploy").resolve(jar.getFileName()));
        }
        await("health", h -> h.get("checks").toString().contains("inference.tensorrt"), 30, "the TensorRT engine registered");
        String clip = server.home().resolve("demo/demo.mp4").toString();
        assertEquals(201, operator.post("cameras", "{\"id\": \"gpu\", \"source\": \"" + clip + "\", \"loop\": true}").status());
        // File Install may pick the two jars up in separate polls and refresh the engine bundle once the
        // second arrives, so the engine can leave for a moment after health first lists it: a task asking
        // for it meanwhile gets the 400 that says so, and an operator tries again, as this does.
        Reply created = operator.post("tasks", "{\"id\": \"gpu\", \"cameraId\": \"gpu\", \"engine\": \"tensorrt\"}");
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                created.status() == 400 && created.toString().contains("engine 'tensorrt'") && System.nanoTime() < deadline; ) {
            Thread.sleep(500);
            created = operator.post("tasks", "{\"id\": \"gpu\", \"cameraId\": \"gpu\", \"engine\": \"tensorrt\"}");
        }
        assertEquals(201, created.status(), created.toString());
        await("tracklets?task=gpu", p -> p.get("total").asLong() >= 1, 90, "a tracklet from the task on engine tensorrt");
        JsonNode task = operator.get("tasks/gpu").json();
        assertEquals(0, task.get("stats").get("failed").asLong(), task.toString());
        // Naming no models, a task on TensorRT runs the float ones (the CPU's defaults are the 8-bit ones).
        assertEquals("platewise-detector", task.get("definition").get("detectorModel").asText(), task.toString());
        assertEquals("platewise-reader", task.get("definition").get("readerModel").asText(), task.toString());

        JsonNode health = tensorRtHealth();
        JsonNode models = health.get("details").get("models");
        assertTrue(models.has("platewise-detector") && models.has("platewise-reader"), health.toString());
        if ("UP".equals(health.get("status").asText())) {
            // A host with a GPU and TensorRT: both models run there.
            assertTrue(models.get("platewise-detector").asText().startsWith("TensorRT, "), health.toString());
        } else {
            // This build machine: no NVIDIA driver, so ONNX Runtime runs them, and health says why.
            assertEquals("DEGRADED", health.get("status").asText(), health.toString());
            assertTrue(health.get("message").asText().contains("no NVIDIA driver"), health.toString());
            assertTrue(models.get("platewise-reader").asText().startsWith("ONNX Runtime (CPU), because "), health.toString());
        }

        // Moved to the CPU, it takes the CPU's default detector and reader along.
        Reply moved = operator.put("tasks/gpu", "{\"engine\": \"onnxruntime-cpu\"}");
        assertEquals(200, moved.status(), moved.toString());
        JsonNode onTheCpu = operator.get("tasks/gpu").json().get("definition");
        assertEquals("platewise-detector-int8", onTheCpu.get("detectorModel").asText(), onTheCpu.toString());
        assertEquals("platewise-reader-int8", onTheCpu.get("readerModel").asText(), onTheCpu.toString());

        assertEquals(200, operator.post("tasks/gpu/archive", "").status());
        assertEquals(204, operator.delete("cameras/gpu").status());
        for (Path jar : jars) {
            Files.delete(server.home().resolve("deploy").resolve(jar.getFileName()));
        }
        await("health", h -> !h.get("checks").toString().contains("inference.tensorrt"), 30, "the TensorRT engine gone");
    }

    /**
     * {@code POST /api/recognize}: pictures rendered here (four scenes of 1280x720, a car with its plate in each) are read
     * with the defaults of a task on the CPU, or with a task's own settings, and an empty one looked at again in tiles when
     * asked to; what is not a picture, too large a one and unknown tasks or countries are refused with a clear message.
     */
    @Test
    @Order(13)
    void aPictureIsReadAsATaskReadsAFrameAndWhatIsNotOneIsRefused() throws Exception {
        Path scenes = folder.resolve("pictures");
        Synth.run(folder.resolve("synth-pictures.log"), "scenes", scenes.toString(), "--count", "4", "--size", "1280x720", "--seed", "5",
                "--lettering", "stroke");
        List<String> labels = Files.readAllLines(scenes.resolve("labels.csv"));
        assertEquals(5, labels.size(), labels.toString());
        for (String row : labels.subList(1, labels.size())) {
            String[] label = row.split(",");
            Reply read = postPicture("recognize", "image/jpeg", Files.readAllBytes(scenes.resolve(label[0])));
            assertEquals(200, read.status(), read.toString());
            JsonNode picture = read.json();
            assertEquals(1280, picture.get("width").asInt(), read.toString());
            assertTrue(picture.get("models").asText().startsWith("platewise-detector-int8 "), read.toString());
            assertEquals(1, picture.get("plates").size(), read.toString());
            JsonNode plate = picture.get("plates").get(0);
            assertEquals(label[5], plate.get("text").asText(), label[0] + ": " + read);
            assertTrue(plate.get("aboveRecognitionThreshold").asBoolean(), read.toString());
            assertEquals(label[5].length(), plate.get("characterConfidences").size(), read.toString());
            assertEquals(8, plate.get("corners").size(), read.toString());
            JsonNode box = plate.get("box");
            float x = Float.parseFloat(label[1]);
            float y = Float.parseFloat(label[2]);
            float width = Float.parseFloat(label[3]);
            float height = Float.parseFloat(label[4]);
            float overlapWidth = Math.min(x + width, box.get("x").floatValue() + box.get("width").floatValue())
                    - Math.max(x, box.get("x").floatValue());
            float overlapHeight = Math.min(y + height, box.get("y").floatValue() + box.get("height").floatValue())
                    - Math.max(y, box.get("y").floatValue());
            float overlap = Math.max(0, overlapWidth) * Math.max(0, overlapHeight);
            float iou = overlap / (width * height + box.get("width").floatValue() * box.get("height").floatValue() - overlap);
            assertTrue(iou >= 0.5, label[0] + " box overlaps its label by " + iou + ": " + read);
        }
        byte[] first = Files.readAllBytes(scenes.resolve(labels.get(1).split(",")[0]));

        // The same picture as PNG reads the same; with a task, the task's zones apply: one off the plate leaves it out.
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(first));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(decoded, "png", png);
        Reply asPng = postPicture("recognize", "image/png", png.toByteArray());
        assertEquals(labels.get(1).split(",")[5], asPng.json().get("plates").get(0).get("text").asText(), asPng.toString());
        assertEquals(201, operator.post("tasks?start=false", "{\"id\": \"pictures\", \"cameraId\": \"demo\", "
                + "\"zones\": [[0.9, 0.0, 1.0, 0.0, 1.0, 0.1, 0.9, 0.1]]}").status());
        Reply offTheZone = postPicture("recognize?task=pictures", "image/jpeg", first);
        assertEquals(200, offTheZone.status(), offTheZone.toString());
        assertEquals(0, offTheZone.json().get("plates").size(), offTheZone.toString());
        assertEquals(200, operator.post("tasks/pictures/archive", "").status());

        // A large picture where the whole frame gives no plate is looked at again in tiles when asked to.
        BufferedImage empty = new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream emptyJpeg = new ByteArrayOutputStream();
        ImageIO.write(empty, "jpeg", emptyJpeg);
        Reply once = postPicture("recognize", "image/jpeg", emptyJpeg.toByteArray());
        assertFalse(once.json().get("lookedAgain").asBoolean(), once.toString());
        Reply twice = postPicture("recognize?secondLook=true", "image/jpeg", emptyJpeg.toByteArray());
        assertTrue(twice.json().get("lookedAgain").asBoolean(), twice.toString());
        assertEquals(0, twice.json().get("plates").size(), twice.toString());
        assertFalse(postPicture("recognize?secondLook=true", "image/jpeg", first).json().get("lookedAgain").asBoolean(),
                "a picture whose plate was found is not looked at again");
        assertRefused(postPicture("recognize?secondLook=yes", "image/jpeg", first), "secondLook");

        assertRefused(postPicture("recognize", "image/jpeg", "not a picture".getBytes(StandardCharsets.UTF_8)),
                "The body (13 bytes) is not a picture this call can read (JPEG, PNG, BMP or GIF)");
        assertRefused(postPicture("recognize", "image/jpeg", new byte[0]), "The request has no body");
        assertRefused(postPicture("recognize?country=XX", "image/jpeg", first), "country 'XX' has no plate formats here");
        assertRefused(postPicture("recognize?task=demo&country=BR", "image/jpeg", first), "takes the task's country and templates");
        assertEquals(404, postPicture("recognize?task=none", "image/jpeg", first).status());
        // A few hundred bytes that declare 400 million pixels are refused before any is decoded.
        Reply huge = postPicture("recognize", "image/png", pngDeclaring(20000, 20000));
        assertEquals(413, huge.status(), huge.toString());
        assertTrue(huge.json().get("message").asText().contains("20000x20000"), huge.toString());
        assertEquals(401, Api.anonymous(server).send(Api.anonymous(server).request("recognize").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(first))).status());
    }

    private static Reply postPicture(String path, String type, byte[] picture) throws IOException, InterruptedException {
        return operator.send(operator.request(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(picture)));
    }

    /** A PNG whose header declares a picture of that size, with next to no pixel data. */
    private static byte[] pngDeclaring(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2);
        pngChunk(png, "IHDR", header.array());
        pngChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void pngChunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(type.getBytes(StandardCharsets.US_ASCII));
        png.write(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
