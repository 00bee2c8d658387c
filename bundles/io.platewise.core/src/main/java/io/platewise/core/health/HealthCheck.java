package io.platewise.core.health;

import java.util.Map;
import java.util.Objects;

/**
 * The result of one health indicator.
 *
 * @param name      stable name of what was checked, such as {@code database}
 * @param status    the outcome
 * @param essential whether the server cannot do its job while this is {@link HealthStatus#DOWN};
 *                  an essential check that is down turns {@code /api/health} into a 503
 * @param message   one sentence in plain words, for operators
 * @param details   simple values (strings, numbers, booleans, nested maps or lists of them)
 */
public record HealthCheck(String name, HealthStatus status, boolean essential, String message, Map<String, Object> details) {

    public HealthCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static HealthCheck up(String name, boolean essential, String message, Map<String, Object> details) {
        return new HealthCheck(name, HealthStatus.UP, essential, message, details);
    }

    public static HealthCheck down(String name, boolean essential, String message, Map<String, Object> details) {
        return new HealthCheck(name, HealthStatus.DOWN, essential, message, details);
    }
}
