package io.platewise.recognition.internal.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.recognition.internal.tracklets.TrackletRecorder;
import io.platewise.recognition.internal.tracklets.Webhooks;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a task's webhook makes the tasks check DEGRADED. */
class TaskHealthTest {

    private final Instant now = Instant.parse("2026-12-03T12:00:00Z");

    private static Webhooks.Status abandonedAt(Instant when) {
        return new Webhooks.Status(10, 7, 0, 2, when.minusSeconds(300), when, "HTTP 503", when);
    }

    @Test
    void aTrackletGivenUpWithinTheHourIsTrouble() {
        Optional<String> trouble = TaskHealth.webhookTrouble(abandonedAt(now.minusSeconds(600)), now);
        assertEquals(Optional.of("its webhook gave up 2 tracklets since the start, the last at 2026-12-03T11:50:00Z (HTTP 503)"), trouble);
    }

    @Test
    void retriesStillRunningAndOldLossesAreNot() {
        assertTrue(TaskHealth.webhookTrouble(abandonedAt(now.minus(TaskHealth.RECENT).minusSeconds(1)), now).isEmpty());
        Webhooks.Status retrying = new Webhooks.Status(10, 3, 1, 0, now.minusSeconds(60), now, "HTTP 503", null);
        assertTrue(TaskHealth.webhookTrouble(retrying, now).isEmpty(), "a receiver that is being retried may come back");
        assertTrue(TaskHealth.webhookTrouble(null, now).isEmpty(), "no webhook");
    }

    @Test
    void aTrackletLostOrStoredWithoutImagesWithinTheHourIsTrouble() {
        TrackletRecorder.Trouble last = new TrackletRecorder.Trouble(now.minusSeconds(60),
                "tracklet t9 of task 'gate' stored without its images: Disk of the file store has 90 MiB free");
        Optional<String> trouble = TaskHealth.storageTrouble(new TrackletRecorder.Status(40, 1, 0, 3, last), now);
        assertEquals(Optional.of("Tracklets not stored whole since the start: 1 lost, 3 without images; the last at 2026-12-03T11:59:00Z,"
                + " tracklet t9 of task 'gate' stored without its images: Disk of the file store has 90 MiB free"), trouble);
        assertTrue(TaskHealth.storageTrouble(new TrackletRecorder.Status(40, 1, 0, 3,
                new TrackletRecorder.Trouble(now.minus(TaskHealth.RECENT).minusSeconds(1), "old")), now).isEmpty(), "an hour ago");
        assertTrue(TaskHealth.storageTrouble(new TrackletRecorder.Status(40, 0, 2, 0, null), now).isEmpty(),
                "frames left out while storage lags are by design, not trouble");
        assertEquals(2L, TaskHealth.storageDetails(new TrackletRecorder.Status(40, 0, 2, 0, null)).get("storedWithoutFrame"));
    }
}
