package io.platewise.core.internal;

import io.platewise.core.health.GracePeriod;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final GracePeriod grace = new GracePeriod(GRACE, Clock.systemUTC());

    @Activate
    public ComponentStateHealthIndicator(@Reference ServiceComponentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<HealthCheck> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith(BundleStateHealthIndicator.PLATEWISE_PREFIX) || !description.defaultEnabled) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : runtime.getComponentConfigurationDTOs(description)) {
                String problem = problem(configuration);
                if (problem == null) {
                    continue;
                }
                details.put(description.name, problem);
                problems.put(description.name + "#" + configuration.id, description.name + " (" + problem + ")");
            }
        }
        GracePeriod.Verdict verdict = grace.judge(problems);
        String message = switch (verdict.status()) {
            case UP -> "All Platewise components are running";
            case DEGRADED -> "Starting: " + String.join(", ", verdict.starting());
            case DOWN -> "Not running for over " + GRACE.toSeconds() + " s: " + String.join(", ", verdict.down());
        };
        return List.of(new HealthCheck("components", verdict.status(), true, message, details));
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
