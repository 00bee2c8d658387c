package io.platewise.video.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential back-off with ±20% jitter, so that many cameras of one failed host do not retry in step. */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration first, Duration max, RandomGenerator random) {
        this.first = first;
        this.max = max;
        this.random = random;
    }

    Duration next() {
        long base = first.toMillis() << Math.min(failures, 20);
        failures++;
        long capped = Math.min(base, max.toMillis());
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(capped * jitter)));
    }

    void reset() {
        failures = 0;
    }
}
