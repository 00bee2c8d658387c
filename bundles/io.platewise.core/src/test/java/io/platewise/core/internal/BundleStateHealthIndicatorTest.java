package io.platewise.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import java.time.Instant;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

class BundleStateHealthIndicatorTest {

    private static Bundle bundle(long id, String name, int state) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getBundleId()).thenReturn(id);
        when(bundle.getSymbolicName()).thenReturn(name);
        when(bundle.getState()).thenReturn(state);
        when(bundle.getVersion()).thenReturn(Version.parseVersion("1.0.0"));
        when(bundle.getHeaders("")).thenReturn(new Hashtable<>());
        return bundle;
    }

    private final BundleStateHealthIndicator indicator = new BundleStateHealthIndicator(mock(BundleContext.class));
    private final Instant t0 = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void allActiveIsUp() {
        HealthCheck check = indicator.evaluate(new Bundle[] {bundle(1, "io.platewise.db", Bundle.ACTIVE)}, t0);
        assertEquals(HealthStatus.UP, check.status());
    }

    @Test
    void ownBundleBeingUpdatedDegradesThenGoesDownAfterTheGracePeriod() {
        Bundle[] updating = {bundle(1, "io.platewise.auth", Bundle.RESOLVED)};
        assertEquals(HealthStatus.DEGRADED, indicator.evaluate(updating, t0).status());
        assertEquals(HealthStatus.DEGRADED, indicator.evaluate(updating, t0.plusSeconds(9)).status());
        HealthCheck down = indicator.evaluate(updating, t0.plusSeconds(11));
        assertEquals(HealthStatus.DOWN, down.status());
        assertTrue(down.essential());
        assertTrue(down.message().contains("io.platewise.auth"), down.message());
        // Once active again the clock resets.
        indicator.evaluate(new Bundle[] {bundle(1, "io.platewise.auth", Bundle.ACTIVE)}, t0.plusSeconds(12));
        assertEquals(HealthStatus.DEGRADED, indicator.evaluate(updating, t0.plusSeconds(13)).status());
    }

    @Test
    void thirdPartyBundleOnlyDegrades() {
        Bundle[] bundles = {bundle(1, "io.platewise.db", Bundle.ACTIVE), bundle(2, "com.example.plugin", Bundle.INSTALLED)};
        assertEquals(HealthStatus.DEGRADED, indicator.evaluate(bundles, t0).status());
        assertEquals(HealthStatus.DEGRADED, indicator.evaluate(bundles, t0.plusSeconds(60)).status());
    }
}
