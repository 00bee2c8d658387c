package io.platewise.core.health;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: registered by any bundle that has something worth reporting in
 * {@code /api/health}. Implementations must answer quickly (well under a second) and must not
 * throw; a failure to check is itself reported as {@link HealthStatus#DOWN}.
 */
@ConsumerType
public interface HealthIndicator {

    /** One or more checks; most indicators report exactly one. */
    List<HealthCheck> check();
}
