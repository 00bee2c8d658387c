package io.platewise.video.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.platewise.core.health.HealthStatus;
import io.platewise.video.CameraState;
import io.platewise.video.CameraStatus;
import io.platewise.video.FrameSubscription;
import io.platewise.video.VideoEvents;
import io.platewise.video.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class CameraManagerTest {

    @TempDir
    Path folder;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private CameraManager manager;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        EventAdmin eventAdmin = mock(EventAdmin.class);
        org.mockito.Mockito.doAnswer(invocation -> events.add(invocation.getArgument(0))).when(eventAdmin).postEvent(any());
        BundleContext context = mock(BundleContext.class);
        when(context.registerService(any(Class.class), any(org.osgi.service.cm.ManagedServiceFactory.class), any(Dictionary.class)))
                .thenReturn(mock(ServiceRegistration.class));
        manager = new CameraManager(eventAdmin, context);
    }

    @AfterEach
    void tearDown() {
        manager.stop();
    }

    private static Dictionary<String, Object> config(String id, Path source, Map<String, Object> extra) {
        java.util.Map<String, Object> map = new java.util.HashMap<>(Map.of("id", id, "source", source.toString(),
                "realtime", false, "hardwareDecoding", "software"));
        map.putAll(extra);
        return CameraSettings.fromMap(map).toConfiguration();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private CameraStatus status(String id) {
        return manager.camera(id).orElseThrow();
    }

    @Test
    void fileCameraStreamsDeliversAndEnds() throws Exception {
        Path clip = TestClips.write(folder.resolve("a.mkv"), "mpeg4", 320, 240, 25, 50);
        List<VideoFrame> received = new CopyOnWriteArrayList<>();
        FrameSubscription subscription = manager.subscribe("cam1", received::add);
        manager.configure("pid1", config("cam1", clip, Map.of("analysisFps", 0)));
        await("end of file", () -> status("cam1").state() == CameraState.ENDED);
        CameraStatus status = status("cam1");
        assertEquals(50, status.decoded());
        assertEquals(50, status.sampled());
        assertEquals(status.sampled(), subscription.delivered() + subscription.dropped(), "every sampled frame is delivered or dropped");
        for (int i = 1; i < received.size(); i++) {
            assertTrue(received.get(i).sequence() > received.get(i - 1).sequence());
        }
        assertEquals("software (mpeg4)", status.decodePath());
        assertTrue(events.stream().anyMatch(e -> "STREAMING".equals(e.getProperty(VideoEvents.STATE))), "state events posted");
        assertTrue(manager.latestFrame("cam1").isPresent());
        subscription.close();
    }

    @Test
    void missingFileBacksOffWithoutSpinningAndRecoversWhenTheFileAppears() throws Exception {
        Path later = folder.resolve("later.mkv");
        manager.configure("pid1", config("cam2", later, Map.of("loop", true)));
        await("backing off", () -> status("cam2").state() == CameraState.BACKING_OFF);
        assertTrue(status("cam2").message().startsWith("File not found"), status("cam2").message());
        Thread.sleep(2500);
        assertTrue(status("cam2").reconnects() <= 2, "back-off, not a busy loop: " + status("cam2").reconnects());
        assertEquals(HealthStatus.DEGRADED, manager.check().get(0).status());

        Path clip = TestClips.write(folder.resolve("tmp.mkv"), "mpeg4", 320, 240, 25, 25);
        Files.move(clip, later);
        await("streaming after the file appeared", () -> status("cam2").state() == CameraState.STREAMING);
        // A looping file goes on past its length.
        await("looping", () -> status("cam2").decoded() > 60);
        assertEquals(HealthStatus.UP, manager.check().get(0).status());
    }

    @Test
    void configurationChangeWhileStreamingKeepsSubscriptionsAndSequence() throws Exception {
        Path clip = TestClips.write(folder.resolve("c.mkv"), "mpeg4", 320, 240, 25, 50);
        List<VideoFrame> received = new CopyOnWriteArrayList<>();
        manager.subscribe("cam3", received::add);
        manager.configure("pid3", config("cam3", clip, Map.of("loop", true, "realtime", true, "analysisFps", 25)));
        await("frames", () -> received.size() > 5);
        long before = received.get(received.size() - 1).sequence();
        manager.configure("pid3", config("cam3", clip, Map.of("loop", true, "realtime", true, "analysisFps", 5, "maxWidth", 160)));
        await("smaller frames after the change", () -> received.get(received.size() - 1).width() == 160);
        VideoFrame after = received.get(received.size() - 1);
        assertTrue(after.sequence() > before, "sequence keeps rising across reconfiguration");
        assertEquals(120, after.height());
    }

    @Test
    void invalidConfigurationAndDuplicateIdsAreRefused() throws Exception {
        Path clip = TestClips.write(folder.resolve("d.mkv"), "mpeg4", 320, 240, 25, 10);
        manager.configure("pidA", config("same", clip, Map.of()));
        assertThrows(ConfigurationException.class, () -> manager.configure("pidB", config("same", clip, Map.of())));
        java.util.Hashtable<String, Object> bad = new java.util.Hashtable<>(Map.of("id", "bad", "source", "ftp://x/y"));
        assertThrows(ConfigurationException.class, () -> manager.configure("pidC", bad));
        assertEquals(1, manager.cameras().size());
    }

    @Test
    void slowConsumerDropsOldFramesInsteadOfQueueing() throws Exception {
        Path clip = TestClips.write(folder.resolve("e.mkv"), "mpeg4", 320, 240, 25, 100);
        FrameSubscription slow = manager.subscribe("cam5", frame -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        manager.configure("pid5", config("cam5", clip, Map.of("analysisFps", 0)));
        await("end", () -> status("cam5").state() == CameraState.ENDED);
        Thread.sleep(200);
        assertTrue(slow.dropped() > 0, "frames dropped: " + slow.dropped());
        assertEquals(100, slow.delivered() + slow.dropped());
    }

    /** ConfigAdmin applies a new camera's configuration on its own thread: whoever created it can wait for it to run. */
    @Test
    void aCameraCanBeAwaitedUntilItsConfigurationIsApplied() throws Exception {
        Path clip = TestClips.write(folder.resolve("late.mkv"), "mpeg4", 320, 240, 25, 10);
        assertTrue(manager.awaitCamera("late", java.time.Duration.ofMillis(50)).isEmpty(), "no such camera yet: empty after the timeout");
        Thread configAdmin = new Thread(() -> {
            try {
                Thread.sleep(200);
                manager.configure("pid-late", config("late", clip, Map.of()));
            } catch (InterruptedException | ConfigurationException e) {
                throw new IllegalStateException(e);
            }
        });
        configAdmin.start();
        long started = System.nanoTime();
        assertEquals("late", manager.awaitCamera("late", java.time.Duration.ofSeconds(10)).orElseThrow().id());
        assertTrue(System.nanoTime() - started < 9_000_000_000L, "woken by the configuration, not by the timeout");
        configAdmin.join();
    }

    /** Deleted and created again at once, a camera's two configurations may reach the sources new first: the new one waits. */
    @Test
    void aConfigurationRefusedForATakenIdRunsOnceTheOtherIsDeleted() throws Exception {
        Path first = TestClips.write(folder.resolve("first.mkv"), "mpeg4", 320, 240, 25, 10);
        Path second = TestClips.write(folder.resolve("second.mkv"), "mpeg4", 320, 240, 25, 10);
        manager.configure("pid-old", config("gate", first, Map.of()));
        assertThrows(ConfigurationException.class, () -> manager.configure("pid-new", config("gate", second, Map.of())));
        assertEquals(first.toString(), status("gate").source());
        manager.remove("pid-old");
        assertEquals(second.toString(), status("gate").source(), "the waiting configuration runs once the id is free");
        manager.remove("pid-new");
        assertTrue(manager.camera("gate").isEmpty());
    }
}
