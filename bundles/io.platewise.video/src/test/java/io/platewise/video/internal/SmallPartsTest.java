package io.platewise.video.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.InvalidInputException;
import io.platewise.video.FramePixels;
import io.platewise.video.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    @Test
    void aListenerThatFailsLosesThatFrameNotItsSubscription() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        Subscription subscription = new Subscription("cam", frame -> {
            received.add(frame.sequence());
            if (frame.sequence() == 0) {
                throw new NoClassDefFoundError("a plugin's bundle went away mid-call");
            }
            if (frame.sequence() == 1) {
                throw new OutOfMemoryError("a frame too large");
            }
        }, closed -> { });
        try {
            for (long sequence = 0; sequence < 3; sequence++) {
                subscription.offer(new VideoFrame("cam", sequence, 0, Instant.now(), new FramePixels.Packed(new byte[12], 2, 2)));
                long deadline = System.currentTimeMillis() + 10_000;
                while (received.size() <= sequence && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
            }
            assertEquals(List.of(0L, 1L, 2L), received);
            long deadline = System.currentTimeMillis() + 10_000;
            while (subscription.delivered() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, subscription.delivered(), "the third frame was delivered after the two failures");
        } finally {
            subscription.close();
        }
    }

    @Test
    void samplerKeepsFiveOfTwentyFivePerSecondAndRestartsOnJumps() {
        FrameSampler sampler = new FrameSampler(5);
        int kept = 0;
        for (int i = 0; i < 250; i++) {
            if (sampler.keep(i * 40_000L)) {
                kept++;
            }
        }
        assertEquals(50, kept);
        assertTrue(sampler.keep(0), "a loop back to the start restarts the schedule");
        FrameSampler all = new FrameSampler(0);
        assertTrue(all.keep(1) && all.keep(2));
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(7));
        long first = backoff.next().toMillis();
        long second = backoff.next().toMillis();
        assertTrue(first >= 800 && first <= 1200, "first " + first);
        assertTrue(second >= 1600 && second <= 2400, "second " + second);
        for (int i = 0; i < 20; i++) {
            backoff.next();
        }
        long capped = backoff.next().toMillis();
        assertTrue(capped >= 48_000 && capped <= 72_000, "capped " + capped);
        backoff.reset();
        assertTrue(backoff.next().toMillis() <= 1200);
    }

    @Test
    void settingsRefuseBadValuesWithClearMessages() {
        assertTrue(assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "a", "source", "ftp://x/y")))
                .getMessage().contains("Unsupported source scheme 'ftp'"));
        assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "a", "source", "relative/path.mp4")));
        assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "A B", "source", "/x.mp4")));
        assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "a", "source", "/x.mp4", "analysisFps", -1)));
        assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "a", "source", "/x.mp4", "maxWidth", 4)));
        assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "a", "source", "/x.mp4", "loop", "maybe")));
        assertThrows(InvalidInputException.class, () -> CameraSettings.fromMap(Map.of("id", "a", "source", "rtsp://h/x", "rtspTransport", "sctp")));
        CameraSettings ok = CameraSettings.fromMap(Map.of("id", "gate-1", "source", "rtsp://user:secret@10.0.0.5/stream1"));
        assertEquals("rtsp://user:***@10.0.0.5/stream1", ok.redactedSource());
        assertEquals(ok, CameraSettings.fromConfiguration(ok.toConfiguration()), "round trip through ConfigAdmin");
    }
}
