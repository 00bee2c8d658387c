/**
 * Health reporting SPI. Any bundle may register {@link io.platewise.core.health.HealthIndicator}
 * services; {@code GET /api/health} aggregates all of them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.platewise.core.health;
