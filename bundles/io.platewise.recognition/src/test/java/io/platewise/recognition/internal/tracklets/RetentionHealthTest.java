package io.platewise.recognition.internal.tracklets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code retention} health check after the outcomes a run can have, as time goes by. */
class RetentionHealthTest {

    @TempDir
    Path folder;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T12:00:00Z"));
    private RetentionHealth health;

    @BeforeEach
    void setUp() throws Exception {
        TrackletRetention retention = new TrackletRetention(InMemoryTrackletStore.create(), new FolderFileStore(folder), Duration.ofDays(30),
                1024L << 20, () -> Long.MAX_VALUE, clock, 200);
        health = new RetentionHealth(retention, 600, Duration.ofSeconds(60), clock);
    }

    @Test
    void beforeItsFirstRunItSaysWhatItKeepsAndWhenItRuns() {
        HealthCheck check = health.check();
        assertEquals("retention", check.name());
        assertEquals(HealthStatus.UP, check.status());
        assertFalse(check.essential(), "retention troubles degrade the server, they do not stop it");
        assertEquals("Tracklets are kept 30 days, fewer while the data disk has less than 1024 MiB free; the first run is at "
                + "2026-12-03T12:01:00Z", check.message());
        assertEquals(30L, check.details().get("days"));
        assertEquals(1024L, check.details().get("keepFreeMiB"));
        assertEquals("", check.details().get("lastRun"));
    }

    @Test
    void deletingForAgeIsNormal() {
        health.ran(new TrackletRetention.Outcome(3, 0, false));
        clock.advance(Duration.ofMinutes(10));
        health.ran(new TrackletRetention.Outcome(2, 0, false));
        HealthCheck check = health.check();
        assertEquals(HealthStatus.UP, check.status());
        assertTrue(check.message().endsWith("the last run, at 2026-12-03T12:10:00Z, deleted 2 older ones"), check.message());
        assertEquals(5L, check.details().get("expiredSinceStart"));
        assertEquals(0L, check.details().get("deletedForSpaceSinceStart"));
    }

    @Test
    void deletingForSpaceDegradesForADay() {
        health.ran(new TrackletRetention.Outcome(0, 400, false));
        clock.advance(Duration.ofHours(23));
        health.ran(new TrackletRetention.Outcome(0, 0, false));
        HealthCheck check = health.check();
        assertEquals(HealthStatus.DEGRADED, check.status(), "a later run with room to spare does not hide it");
        assertEquals("At 2026-12-03T12:00:00Z the 400 oldest tracklets were deleted because the data disk had less than 1024 MiB free: "
                + "it holds less than 30 days of tracklets", check.message());
        assertEquals("2026-12-03T12:00:00Z", check.details().get("lastDeletionForSpace"));

        clock.advance(Duration.ofHours(2));
        health.ran(new TrackletRetention.Outcome(0, 0, false));
        check = health.check();
        assertEquals(HealthStatus.UP, check.status(), check.message());
        assertEquals(400L, check.details().get("deletedForSpaceSinceStart"), "still counted");
    }

    @Test
    void aDiskFilledByOthersDegradesWhileItLasts() {
        health.ran(new TrackletRetention.Outcome(0, 0, true));
        HealthCheck check = health.check();
        assertEquals(HealthStatus.DEGRADED, check.status());
        assertEquals("The data disk has less than 1024 MiB free with no tracklet left to delete: something else fills it", check.message());
        health.ran(new TrackletRetention.Outcome(0, 0, false));
        assertEquals(HealthStatus.UP, health.check().status());
    }

    @Test
    void aFailedRunDegradesUntilARunSucceeds() {
        health.ran(new TrackletRetention.Outcome(1, 0, false));
        clock.advance(Duration.ofMinutes(10));
        health.failed(new SQLException("connection refused"));
        HealthCheck check = health.check();
        assertEquals(HealthStatus.DEGRADED, check.status());
        assertEquals("The last run, at 2026-12-03T12:10:00Z, failed (java.sql.SQLException: connection refused); it runs again within "
                + "600 s", check.message());
        assertEquals("java.sql.SQLException: connection refused", check.details().get("error"));
        health.ran(new TrackletRetention.Outcome(0, 0, false));
        check = health.check();
        assertEquals(HealthStatus.UP, check.status());
        assertFalse(check.details().containsKey("error"));
    }

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
