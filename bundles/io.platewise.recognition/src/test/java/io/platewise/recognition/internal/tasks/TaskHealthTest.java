package io.platewise.recognition.internal.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(TaskHealth.webhookTrouble(abandonedAt(now.minus(TaskHealth.UNDELIVERED_FOR).minusSeconds(1)), now).isEmpty());
        Webhooks.Status retrying = new Webhooks.Status(10, 3, 1, 0, now.minusSeconds(60), now, "HTTP 503", null);
        assertTrue(TaskHealth.webhookTrouble(retrying, now).isEmpty(), "a receiver that is being retried may come back");
        assertTrue(TaskHealth.webhookTrouble(null, now).isEmpty(), "no webhook");
    }
}
