package io.platewise.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.DTOConstants;
import org.osgi.service.jakartars.runtime.dto.FailedResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

/** The framework and the whiteboard's runtime are stood in for: this is about reading their state. */
class ServedResourcesHealthIndicatorTest {

    private static ServiceReference<?> resource(long id, String name, String bundle) {
        ServiceReference<?> reference = mock(ServiceReference.class);
        Bundle owner = mock(Bundle.class);
        when(owner.getSymbolicName()).thenReturn(bundle);
        when(reference.getBundle()).thenAnswer(invocation -> owner);
        when(reference.getProperty(Constants.SERVICE_ID)).thenReturn(id);
        when(reference.getProperty("osgi.jakartars.name")).thenReturn(name);
        return reference;
    }

    private static RuntimeDTO serving(long... ids) {
        RuntimeDTO state = new RuntimeDTO();
        state.defaultApplication = new ApplicationDTO();
        state.defaultApplication.resourceDTOs = new ResourceDTO[ids.length];
        for (int i = 0; i < ids.length; i++) {
            state.defaultApplication.resourceDTOs[i] = new ResourceDTO();
            state.defaultApplication.resourceDTOs[i].serviceId = ids[i];
        }
        state.applicationDTOs = new ApplicationDTO[0];
        state.failedResourceDTOs = new FailedResourceDTO[0];
        return state;
    }

    @Test
    void aRegisteredResourceNotYetServedIsStartingThenDown() throws Exception {
        BundleContext context = mock(BundleContext.class);
        ServiceReference<?>[] resources = {resource(1, "platewise.health", "io.platewise.rest"), resource(2, "platewise.models", "io.platewise.models"),
                resource(3, "theirs", "com.example.other")};
        when(context.getServiceReferences((String) isNull(), anyString())).thenReturn(resources);
        JakartarsServiceRuntime runtime = mock(JakartarsServiceRuntime.class);
        AtomicReference<RuntimeDTO> state = new AtomicReference<>(serving(1));
        when(runtime.getRuntimeDTO()).thenAnswer(invocation -> state.get());
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(start);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ServedResourcesHealthIndicator indicator = new ServedResourcesHealthIndicator(context, runtime, clock);

        HealthCheck starting = indicator.check().get(0);
        assertEquals(HealthStatus.DEGRADED, starting.status(), starting.message());
        assertTrue(starting.message().contains("platewise.models (not served yet)"), starting.message());
        assertTrue(!starting.message().contains("theirs"), "only Platewise's resources are ours to report");

        now.set(start.plus(ServedResourcesHealthIndicator.GRACE).plusSeconds(1));
        assertEquals(HealthStatus.DOWN, indicator.check().get(0).status(), "not served for longer than the grace");

        state.set(serving(1, 2));
        HealthCheck up = indicator.check().get(0);
        assertEquals(HealthStatus.UP, up.status(), up.message());
        assertEquals("All 2 Platewise REST resources are served", up.message());

        // Refused by the whiteboard: reported with the reason, after the same grace.
        RuntimeDTO refusing = serving(1);
        FailedResourceDTO failed = new FailedResourceDTO();
        failed.serviceId = 2;
        failed.failureReason = DTOConstants.FAILURE_REASON_REQUIRED_EXTENSIONS_UNAVAILABLE;
        refusing.failedResourceDTOs = new FailedResourceDTO[] {failed};
        state.set(refusing);
        HealthCheck refused = indicator.check().get(0);
        assertEquals(HealthStatus.DEGRADED, refused.status(), "a fresh problem starts its grace anew");
        assertTrue(refused.message().contains("refused by the whiteboard, reason " + DTOConstants.FAILURE_REASON_REQUIRED_EXTENSIONS_UNAVAILABLE),
                refused.message());
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertEquals(HealthStatus.DOWN, indicator.check().get(0).status());
    }
}
