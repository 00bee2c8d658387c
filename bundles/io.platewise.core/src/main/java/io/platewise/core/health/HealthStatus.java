package io.platewise.core.health;

/** Ordered from best to worst, so that the worst of several statuses is the maximum. */
public enum HealthStatus {
    UP,
    DEGRADED,
    DOWN;

    public HealthStatus worst(HealthStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
