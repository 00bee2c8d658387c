package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.itest.Api.Reply;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle dropped into deploy/ is installed, updated when the file is replaced, and removed when
 * the file is deleted, while the runtime keeps answering requests.
 */
class HotUpdateIT {

    @TempDir
    Path folder;

    @Test
    void bundleIsInstalledUpdatedAndRemovedThroughDeployWhileServing() throws Exception {
        Path v1 = ProbeBundle.build(folder, "1.0.0");
        Path v2 = ProbeBundle.build(folder, "2.0.0");
        try (PlatewiseServer server = PlatewiseServer.fresh(folder)) {
            server.start();
            Api admin = Api.admin(server);
            Path deploy = server.home().resolve("deploy");

            ProbeBundle.deploy(v1, deploy, "probe.jar");
            awaitVersion(admin, "1.0.0");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread load = new Thread(() -> {
                while (running.get()) {
                    try {
                        for (String path : new String[] {"health", "system", "users/me"}) {
                            Reply reply = admin.get(path);
                            if (reply.status() != 200) {
                                failures.add(path + " -> " + reply);
                            }
                            served.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "itest-load");
            load.start();
            Thread.sleep(500);
            ProbeBundle.deploy(v2, deploy, "probe.jar");
            awaitVersion(admin, "2.0.0");
            Thread.sleep(500);
            running.set(false);
            load.join();
            System.out.println("HotUpdateIT: " + served.get() + " requests served during the update, failures: " + failures);
            assertTrue(served.get() > 10, "the load thread made requests");
            assertEquals(List.of(), failures, "requests failed while the bundle was updated");

            // The updated bundle takes a multipart upload.
            byte[] content = new byte[3 * 1024 * 1024];
            new Random(42).nextBytes(content);
            Reply uploaded = upload(admin, content);
            assertEquals(200, uploaded.status(), uploaded.body());
            assertEquals(content.length, uploaded.json().get("size").asLong());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                    uploaded.json().get("sha256").asText());

            Files.delete(deploy.resolve("probe.jar"));
            assertEquals(404, ProbeBundle.awaitVersionStatus(admin, 404), "removed from deploy/, the resource is gone");
            assertEquals(200, admin.get("system").status());
        }
    }

    private static void awaitVersion(Api api, String version) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        Reply last = null;
        while (System.currentTimeMillis() < deadline) {
            last = api.get("probe/version");
            if (last.status() == 200 && version.equals(last.json().get("version").asText())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Probe bundle " + version + " did not come up within 30 s; last answer " + last);
    }

    private static Reply upload(Api api, byte[] content) throws Exception {
        String boundary = "----platewise" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return api.send(api.request("probe/upload").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
