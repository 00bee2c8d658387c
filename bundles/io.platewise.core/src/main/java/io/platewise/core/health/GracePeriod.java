package io.platewise.core.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each problem a health check sees has lasted, for checks that tolerate a problem for a
 * while before calling it down: parts that come up one after another at start or while a bundle is
 * updated. A problem not seen in a check is forgotten, so a new one starts its grace anew.
 */
public final class GracePeriod {

    /**
     * @param starting problems within the grace period
     * @param down     problems that have lasted longer
     */
    public record Verdict(HealthStatus status, List<String> starting, List<String> down) {
    }

    private final Duration grace;
    private final Clock clock;
    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    public GracePeriod(Duration grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * @param problems what is wrong now, by a key that stays the same while the problem lasts (a
     *                 component, a service), each with the text to report
     * @return DOWN when a problem outlasted the grace, DEGRADED while some are within it, else UP
     */
    public Verdict judge(Map<String, String> problems) {
        Instant now = clock.instant();
        List<String> starting = new ArrayList<>();
        List<String> down = new ArrayList<>();
        problems.forEach((key, text) -> {
            Instant first = since.computeIfAbsent(key, k -> now);
            (Duration.between(first, now).compareTo(grace) < 0 ? starting : down).add(text);
        });
        since.keySet().retainAll(problems.keySet());
        HealthStatus status = !down.isEmpty() ? HealthStatus.DOWN : !starting.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        return new Verdict(status, starting, down);
    }

    public Duration grace() {
        return grace;
    }
}
