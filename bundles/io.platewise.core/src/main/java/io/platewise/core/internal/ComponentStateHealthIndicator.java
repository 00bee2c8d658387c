package io.platewise.core.internal;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Reports Platewise components that are not running: waiting for a service they need (named), or
 * failed to activate. Right after start, or while a bundle is updated, components come up one after
 * another: that only degrades health for a grace period, after which it is DOWN. "UP" thus means
 * every Platewise REST resource and service is in place.
 */
@Component(service = HealthIndicator.class)
public final class ComponentStateHealthIndicator implements HealthIndicator {

    static final Duration GRACE = Duration.ofSeconds(20);

    private final ServiceComponentRuntime runtime;
    private final Map<String, Instant> troubledSince = new ConcurrentHashMap<>();

    @Activate
    public ComponentStateHealthIndicator(@Reference ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<HealthCheck> check() {
        Instant now = Instant.now();
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith(BundleStateHealthIndicator.PLATEWISE_PREFIX) || !description.defaultEnabled) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                String problem = problem(configuration);
                if (problem == null) {
                    continue;
                }
                String key = description.name + "#" + configuration.id;
                seen.add(key);
                details.put(description.name, problem);
                Instant since = troubledSince.computeIfAbsent(key, k -> now);
                (Duration.between(since, now).compareTo(GRACE) < 0 ? waiting : down).add(description.name + " (" + problem + ")");
            }
        }
        troubledSince.keySet().retainAll(seen);
        HealthStatus status = !down.isEmpty() ? HealthStatus.DOWN : !waiting.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        String message = switch (status) {
            case UP -> "All Platewise components are running";
            case DEGRADED -> "Starting: " + String.join(", ", waiting);
            case DOWN -> "Not running for over " + GRACE.toSeconds() + " s: " + String.join(", ", down);
        };
        return List.of(new HealthCheck("components", status, true, message, details));
    }

    /** Null when the configuration is running (or simply waits for its configuration, which is not a fault). */
    private static String problem(ComponentConfigurationDTO configuration) {
        switch (configuration.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE: {
                List<String> missing = new ArrayList<>();
                for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                    missing.add(reference.name + (reference.target == null ? "" : " " + reference.target));
                }
                return "waiting for " + String.join(", ", missing);
            }
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "failed to activate: " + configuration.failure;
            default:
                return null;
        }
    }
}
