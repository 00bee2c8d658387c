package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real distribution (assembly/target/platewise), copied to a folder of its own and started as
 * a separate process with bin/platewise, exactly as a user would start it.
 */
final class PlatewiseServer implements AutoCloseable {

    static final String ADMIN_PASSWORD = "itest-admin-password";

    private final Path home;
    private final int port;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    private long lastStartMillis;

    private PlatewiseServer(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** A fresh copy of the distribution in {@code folder}, without the demo camera. */
    static PlatewiseServer fresh(Path folder) throws IOException {
        PlatewiseServer server = fresh(folder, true);
        // Most tests want a quiet server: no camera decoding beside them, health not waiting on one.
        Files.delete(server.home.resolve("config/io.platewise.video.camera-demo.cfg"));
        Files.delete(server.home.resolve("config/io.platewise.recognition.tasks.cfg"));
        return server;
    }

    /** A fresh copy of the distribution in {@code folder}, as shipped (with the demo camera). */
    static PlatewiseServer fresh(Path folder, boolean asShipped) throws IOException {
        Path dist = Path.of(System.getProperty("platewise.dist", "target/platewise"));
        if (!Files.isExecutable(dist.resolve("bin/platewise"))) {
            throw new IllegalStateException("No distribution at " + dist.toAbsolutePath() + "; run mvn package first");
        }
        Path home = folder.resolve("platewise");
        try (Stream<Path> files = Files.walk(dist)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = home.resolve(dist.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return new PlatewiseServer(home, freePort());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    PlatewiseServer env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Path home() {
        return home;
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/" + path);
    }

    Path consoleLog() {
        return home.resolve("console.log");
    }

    long lastStartMillis() {
        return lastStartMillis;
    }

    /** Starts the server and waits until /api/health reports UP: every bundle and component running. */
    PlatewiseServer start() throws Exception {
        return start("UP");
    }

    /**
     * Starts the server and waits until /api/health reports {@code status} (DEGRADED: serving, with
     * something not running as asked, such as a task waiting for its engine).
     */
    PlatewiseServer start(String status) throws Exception {
        long started = System.nanoTime();
        process = launch();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("bin/platewise exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().startsWith("{\"status\":\"" + status + "\"")) {
                    lastStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    return this;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        fail("Platewise did not reach " + status + " within 90 s:\n" + logTail() + "\nLast health: " + lastHealth(client));
        return this;
    }

    private String lastHealth(HttpClient client) {
        try {
            return client.send(HttpRequest.newBuilder(uri("health")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private Process launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/platewise").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()));
        builder.environment().put("PLATEWISE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("PLATEWISE_HTTP_PORT", String.valueOf(port));
        builder.environment().put("JAVA_OPTS", "-Xmx512m");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The same installation, to be started on another port (one that may be taken). */
    PlatewiseServer onPort(int otherPort) {
        return new PlatewiseServer(home, otherPort);
    }

    /** Starts the server expecting it to end by itself within {@code seconds}; returns its exit code. */
    int runUntilExit(int seconds) throws Exception {
        process = launch();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("bin/platewise was expected to exit within " + seconds + " s and kept running:\n" + logTail());
        }
        return process.exitValue();
    }

    /** The gpu feature's bundles, as the distribution ships them (for dropping into deploy/). */
    List<Path> gpuBundles() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("bundles/io/platewise"))) {
            return files.filter(p -> p.getFileName().toString().matches("io\\.platewise\\.(natives|inference)\\.tensorrt-.*\\.jar")).toList();
        }
    }

    /** SIGTERM, as a service manager would send it; returns the exit code. */
    int stop() throws Exception {
        if (process == null || !process.isAlive()) {
            return process == null ? -1 : process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("Platewise did not stop within 60 s of SIGTERM:\n" + logTail());
        }
        return process.exitValue();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(consoleLog(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
