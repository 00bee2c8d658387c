package io.platewise.recognition.internal.tracklets;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What tracklet retention has done, as the {@code retention} check of {@code /api/health}. Tracklets deleted
 * for space mean the disk holds less than the age limit promises, so the check stays degraded for a day
 * after: an operator who looks once a day still hears of it before the footage they need is gone.
 */
final class RetentionHealth {

    static final Duration SPACE_DELETION_SHOWN = Duration.ofDays(1);
    private static final String NAME = "retention";

    private final TrackletRetention retention;
    private final int intervalSeconds;
    private final Clock clock;
    private final Instant firstRun;

    private Instant lastRun;
    private String lastError;
    private boolean stillShort;
    private int lastExpired;
    private long expiredSinceStart;
    private long deletedForSpaceSinceStart;
    private Instant lastSpaceDeletion;
    private int lastDeletedForSpace;

    RetentionHealth(TrackletRetention retention, int intervalSeconds, Duration firstRunIn, Clock clock) {
        this.retention = retention;
        this.intervalSeconds = intervalSeconds;
        this.clock = clock;
        this.firstRun = clock.instant().plus(firstRunIn);
    }

    synchronized void ran(TrackletRetention.Outcome outcome) {
        lastRun = clock.instant();
        lastError = null;
        stillShort = outcome.stillShort();
        lastExpired = outcome.expired();
        expiredSinceStart += outcome.expired();
        deletedForSpaceSinceStart += outcome.forSpace();
        if (outcome.forSpace() > 0) {
            lastSpaceDeletion = lastRun;
            lastDeletedForSpace = outcome.forSpace();
        }
    }

    synchronized void failed(Exception error) {
        lastRun = clock.instant();
        lastError = error.toString();
    }

    synchronized HealthCheck check() {
        Duration maxAge = retention.maxAge();
        long keepFreeMiB = retention.keepFreeBytes() >> 20;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("days", maxAge == null ? 0 : maxAge.toDays());
        details.put("keepFreeMiB", keepFreeMiB);
        details.put("intervalSeconds", intervalSeconds);
        details.put("lastRun", lastRun == null ? "" : lastRun.toString());
        details.put("expiredSinceStart", expiredSinceStart);
        details.put("deletedForSpaceSinceStart", deletedForSpaceSinceStart);
        details.put("lastDeletionForSpace", lastSpaceDeletion == null ? "" : lastSpaceDeletion.toString());
        if (lastError != null) {
            details.put("error", lastError);
            return new HealthCheck(NAME, HealthStatus.DEGRADED, false, "The last run, at " + at(lastRun) + ", failed (" + lastError
                    + "); it runs again within " + intervalSeconds + " s", details);
        }
        if (stillShort) {
            return new HealthCheck(NAME, HealthStatus.DEGRADED, false, "The data disk has less than " + keepFreeMiB
                    + " MiB free with no tracklet left to delete: something else fills it", details);
        }
        if (lastSpaceDeletion != null && lastSpaceDeletion.plus(SPACE_DELETION_SHOWN).isAfter(clock.instant())) {
            return new HealthCheck(NAME, HealthStatus.DEGRADED, false, "At " + at(lastSpaceDeletion) + " the " + lastDeletedForSpace
                    + " oldest tracklets were deleted because the data disk had less than " + keepFreeMiB + " MiB free"
                    + (maxAge == null ? "" : ": it holds less than " + maxAge.toDays() + " days of tracklets"), details);
        }
        String kept = maxAge == null ? "Tracklets are kept whatever their age" : "Tracklets are kept " + maxAge.toDays() + " days";
        if (keepFreeMiB > 0) {
            kept += ", fewer while the data disk has less than " + keepFreeMiB + " MiB free";
        }
        String last = lastRun == null ? "the first run is at " + at(firstRun)
                : "the last run, at " + at(lastRun) + ", deleted " + lastExpired + " older ones";
        return HealthCheck.up(NAME, false, kept + "; " + last, details);
    }

    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
