package io.platewise.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing. Failures are counted per key (remote address with user name, and
 * remote address alone with a higher limit); once a key reaches its limit it is locked, and each
 * further lock of the same key lasts twice as long, up to a ceiling. A success clears the key.
 */
final class LoginThrottle {

    private record Attempts(int failures, Instant windowStart, Instant lockedUntil, int locks) {
    }

    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Duration firstLock;
    private final Duration maxLock;
    private final Clock clock;

    LoginThrottle(int maxFailures, Duration window, Duration firstLock, Duration maxLock, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.firstLock = firstLock;
        this.maxLock = maxLock;
        this.clock = clock;
    }

    /** @return how long the caller must wait, when the key is locked now */
    Optional<Duration> lockedFor(String key) {
        Attempts current = attempts.get(key);
        Instant now = clock.instant();
        if (current == null || current.lockedUntil() == null || !current.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.lockedUntil()));
    }

    /** @return true when this failure locked the key */
    boolean recordFailure(String key, int limit) {
        Instant now = clock.instant();
        attempts.compute(key, (k, old) -> {
            Attempts base = old == null || old.windowStart().plus(window).isBefore(now)
                    ? new Attempts(0, now, null, old == null ? 0 : old.locks()) : old;
            int failures = base.failures() + 1;
            if (failures >= limit) {
                int locks = base.locks() + 1;
                Duration lock = firstLock.multipliedBy(1L << Math.min(locks - 1, 20));
                if (lock.compareTo(maxLock) > 0) {
                    lock = maxLock;
                }
                return new Attempts(0, now, now.plus(lock), locks);
            }
            return new Attempts(failures, base.windowStart(), base.lockedUntil(), base.locks());
        });
        // Callers refuse locked keys before recording, so a key locked now was locked by this failure.
        return lockedFor(key).isPresent();
    }

    boolean recordFailure(String key) {
        return recordFailure(key, maxFailures);
    }

    void recordSuccess(String key) {
        attempts.remove(key);
    }

    int maxFailures() {
        return maxFailures;
    }
}
