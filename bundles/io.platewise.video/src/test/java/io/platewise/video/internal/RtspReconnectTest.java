package io.platewise.video.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.platewise.video.CameraState;
import io.platewise.video.CameraStatus;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.event.EventAdmin;

/**
 * RTSP against a real server (GStreamer's, from Debian's packages): stream, kill the server, see
 * the camera back off, restart the server, see the camera stream again by itself.
 */
class RtspReconnectTest {

    @TempDir
    Path folder;
    private CameraManager manager;
    private Process server;
    private Path script;
    private int port;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() throws Exception {
        script = folder.resolve("rtsp_server.py");
        Files.copy(getClass().getResourceAsStream("/rtsp_server.py"), script);
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c",
                "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer")
                .redirectErrorStream(true).start();
        boolean available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!available) {
            System.out.println("SKIPPED RTSP test: no GStreamer RTSP server for /usr/bin/python3 "
                    + "(apt-get install python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)");
        }
        Assumptions.assumeTrue(available, "GStreamer RTSP server not installed");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BundleContext context = mock(BundleContext.class);
        when(context.registerService(any(Class.class), any(ManagedServiceFactory.class), any(Dictionary.class)))
                .thenReturn(mock(ServiceRegistration.class));
        manager = new CameraManager(mock(EventAdmin.class), context);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (manager != null) {
            manager.stop();
        }
        stopServer();
    }

    private void startServer() throws Exception {
        server = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(new File(folder.toFile(), "server.log")).start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.readString(folder.resolve("server.log")).contains("ready")) {
            if (!server.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("RTSP server did not start: " + Files.readString(folder.resolve("server.log")));
            }
            Thread.sleep(50);
        }
    }

    private void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private CameraStatus await(String what, Predicate<CameraStatus> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 40_000;
        CameraStatus status = manager.camera("rtsp").orElseThrow();
        while (!condition.test(status)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + "; camera: " + status);
            }
            Thread.sleep(100);
            status = manager.camera("rtsp").orElseThrow();
        }
        return status;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void streamsThenReconnectsAfterTheServerComesBack(String transport) throws Exception {
        startServer();
        manager.configure("pid", CameraSettings.fromMap(Map.of("id", "rtsp", "source", "rtsp://127.0.0.1:" + port + "/live",
                "rtspTransport", transport, "analysisFps", 5, "hardwareDecoding", "software")).toConfiguration());
        CameraStatus streaming = await("streaming", s -> s.state() == CameraState.STREAMING && s.sampled() > 5);
        assertTrue(streaming.codec().equals("h264"), streaming.toString());
        assertTrue(streaming.width() == 640, streaming.toString());

        stopServer();
        CameraStatus down = await("backing off after the server died",
                s -> s.state() == CameraState.BACKING_OFF || s.state() == CameraState.CONNECTING && s.reconnects() > 0);
        long sampledWhileDown = down.sampled();

        startServer();
        CameraStatus back = await("streaming again", s -> s.state() == CameraState.STREAMING && s.sampled() > sampledWhileDown + 5);
        assertTrue(back.reconnects() >= 1, back.toString());
        assertTrue(manager.latestFrame("rtsp").orElseThrow().sequence() > sampledWhileDown, "sequence keeps rising");
    }
}
