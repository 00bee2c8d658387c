package io.platewise.runtime;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code bin/platewise [run]}: starts the server in the foreground until SIGTERM or Ctrl-C.
 */
public final class Main {

    /** Start level at which the framework runs; bundles above it stay installed but stopped. */
    static final int RUNNING_START_LEVEL = 30;
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        switch (command) {
            case "run" -> System.exit(run(home()));
            case "bench" -> System.exit(Tools.bench(home(), List.of(args).subList(1, args.length), System.out));
            case "eval" -> System.exit(Tools.eval(home(), List.of(args).subList(1, args.length), System.out));
            case "help", "--help", "-h" -> usage(0);
            default -> {
                System.err.println("Unknown command '" + command + "'.");
                usage(2);
            }
        }
    }

    private static void usage(int exitCode) {
        System.out.println("Usage: platewise [run | bench SUITE | eval DATASET_DIR|CLIP [--json OUT.json]]\n\n"
                + "  run            start the server in the foreground (the default)\n"
                + "  bench decode   decode-only frames/s per core, 720p and 1080p H.264 (see bench help)\n"
                + "  eval           accuracy on a folder of labelled images (end to end with boxes, else plate crops), or on a\n"
                + "                 labelled video clip as a task would run it (see eval without arguments)\n");
        System.exit(exitCode);
    }

    static Path home() {
        String home = System.getProperty("platewise.home");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    static int run(Path home) throws Exception {
        long startNanos = System.nanoTime();
        Settings settings = Settings.load(home, System.getenv(), System.getProperties());
        Path data = Path.of(settings.get("platewise.data", home.resolve("data").toString())).toAbsolutePath();
        Files.createDirectories(data.resolve("logs"));
        // Logback reads these while it configures itself, so they must be set before the first logger.
        System.setProperty("platewise.data", data.toString());
        System.setProperty("platewise.home", home.toString());
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(home.resolve("config/logback.xml"))) {
            System.setProperty("logback.configurationFile", home.resolve("config/logback.xml").toString());
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Logger log = LoggerFactory.getLogger(Main.class);

        List<String> featureNames = Arrays.stream(settings.get("platewise.features", "core").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<FeatureBundle> bundles = new Features(home.resolve("features")).bundlesOf(featureNames);
        String version = Main.class.getPackage().getImplementationVersion();

        int port = settings.getInt("platewise.http.port", 8080);
        boolean https = "true".equalsIgnoreCase(settings.get("platewise.https.enabled", "false"));
        int httpsPort = settings.getInt("platewise.https.port", 8443);
        for (int wanted : https ? List.of(port, httpsPort) : List.of(port)) {
            if (taken(wanted)) {
                log.error("Port {} is in use by another process, so Platewise cannot serve on it. Stop that process, or choose "
                        + "another port: PLATEWISE_HTTP_PORT / PLATEWISE_HTTPS_PORT, or platewise.http.port / platewise.https.port "
                        + "in config/platewise.properties", wanted);
                return 1;
            }
        }

        Map<String, String> properties = FrameworkProperties.of(settings, home, data, version, featureNames);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"))
                .newFramework(properties);
        framework.init();
        install(framework.getBundleContext(), home.resolve("bundles"), bundles);

        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stopOnce = () -> {
            if (stopping.compareAndSet(false, true)) {
                stop(framework, log);
            }
        };
        stopOnSignals(stopOnce, log);
        // For the other ways a JVM ends (SIGHUP, System.exit in a bundle): stop in order there too.
        Thread shutdown = new Thread(stopOnce, "platewise-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        framework.start();
        log.info("Platewise {} starting with features {} from {}", version, featureNames, home);

        String scheme = https ? "https" : "http";
        int shownPort = https ? httpsPort : port;
        waitUntilServing(framework, port, https);
        log.info("Platewise ready in {} ms at {}://localhost:{}/api (health: /api/health, API: /api/openapi.json)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), scheme, shownPort);

        FrameworkEvent event = framework.waitForStop(0);
        if (stopping.get()) {
            // Stopped by a signal: the thread stopping it logs, flushes and ends the JVM with the exit code.
            Thread.sleep(Long.MAX_VALUE);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException shuttingDown) {
            // Stopped by a signal: the hook is already running and waits for the framework itself.
        }
        return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    static void install(BundleContext context, Path bundlesFolder, List<FeatureBundle> bundles) throws BundleException, IOException {
        for (FeatureBundle feature : bundles) {
            Path jar = feature.pathIn(bundlesFolder);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Bundle " + feature.id() + " of the features is missing: expected " + jar);
            }
            Bundle bundle = context.installBundle(jar.toUri().toString(), Files.newInputStream(jar));
            bundle.adapt(BundleStartLevel.class).setStartLevel(feature.startOrder());
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
    }

    /**
     * Whether another process listens on the port. Jetty would fail to bind it and the server would
     * run on without HTTP, while the readiness probe below, answered by that other process, said
     * "ready". Address reuse as Jetty sets it, so a port left in TIME_WAIT by our last run is free.
     */
    static boolean taken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException inUse) {
            return true;
        }
    }

    /**
     * Waits (up to a minute) until the HTTP port answers, so that "ready" in the log means ready.
     * Any HTTP status counts: a 503 from /api/health is still a server that answers.
     */
    private static void waitUntilServing(Framework framework, int port, boolean https) throws InterruptedException {
        if (https) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && framework.getState() == Bundle.ACTIVE) {
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/health")
                        .toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(5000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status != 404) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
    }

    /**
     * SIGTERM and Ctrl-C stop the framework before the JVM begins to shut down. Stopping inside a
     * shutdown hook raced the libraries' own hooks, which the JVM runs at the same time: ONNX
     * Runtime's releases its native environment, and a model session still being made then aborted
     * the JVM (exit 134, nothing flushed). {@link #stop} ends with a halt, so those hooks never run.
     */
    private static void stopOnSignals(Runnable stop, Logger log) {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> new Thread(stop, "platewise-shutdown").start());
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // A shell starting us in the background ignores SIGINT for us, and the JVM then refuses it: not worth a warning.
                if (name.equals("TERM")) {
                    log.warn("SIGTERM is left to the JVM's shutdown hooks: {}", e.toString());
                }
            }
        }
    }

    private static void stop(Framework framework, Logger log) {
        boolean clean = false;
        try {
            log.info("Platewise stopping");
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.warn("Platewise did not stop within {} s", STOP_TIMEOUT_MILLIS / 1000);
            } else {
                log.info("Platewise stopped");
                clean = true;
            }
        } catch (Exception e) {
            log.error("Error while stopping", e);
        }
        // Flush and close the file appender: logging is not stopped by the JVM on its own.
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
        // A JVM ended by SIGTERM exits with 143 even after a clean shutdown; service managers
        // should see success when everything stopped in order, and failure otherwise.
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }

}
