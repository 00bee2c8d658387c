package io.platewise.rest.internal;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.FailedResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;

/**
 * Reports Platewise REST resources that are registered but not yet served. The whiteboard takes
 * up a resource some time after its component is running (it rebuilds the application), so a
 * health check of components alone said UP while, just after a restart, {@code /api/models} still
 * answered 404. Not served yet is "starting" for a grace period, then DOWN; so is one the
 * whiteboard refused (a missing extension, a name taken twice), with its reason: at start a
 * resource is refused until the extensions it selects are up.
 */
@Component(service = HealthIndicator.class)
public final class ServedResourcesHealthIndicator implements HealthIndicator {

    static final Duration GRACE = Duration.ofSeconds(20);
    private static final String PLATEWISE_PREFIX = "io.platewise.";

    private final BundleContext context;
    private final JakartarsServiceRuntime runtime;
    private final Clock clock;
    private final Map<Long, Instant> pendingSince = new ConcurrentHashMap<>();

    @Activate
    public ServedResourcesHealthIndicator(BundleContext context, @Reference JakartarsServiceRuntime runtime) {
        this(context, runtime, Clock.systemUTC());
    }

    ServedResourcesHealthIndicator(BundleContext context, JakartarsServiceRuntime runtime, Clock clock) {
        this.context = context;
        this.runtime = runtime;
        this.clock = clock;
    }

    @Override
    public List<HealthCheck> check() {
        RuntimeDTO state = runtime.getRuntimeDTO();
        Set<Long> served = new HashSet<>();
        addResources(served, state.defaultApplication);
        if (state.applicationDTOs != null) {
            for (ApplicationDTO application : state.applicationDTOs) {
                addResources(served, application);
            }
        }
        Map<Long, Integer> refused = new HashMap<>();
        if (state.failedResourceDTOs != null) {
            for (FailedResourceDTO failed : state.failedResourceDTOs) {
                refused.put(failed.serviceId, failed.failureReason);
            }
        }
        Instant now = clock.instant();
        List<String> starting = new ArrayList<>();
        List<String> down = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Set<Long> pending = new HashSet<>();
        int ours = 0;
        for (ServiceReference<?> resource : platewiseResources()) {
            ours++;
            long id = (Long) resource.getProperty(Constants.SERVICE_ID);
            if (served.contains(id)) {
                continue;
            }
            String name = String.valueOf(resource.getProperty(JakartarsWhiteboardConstants.JAKARTA_RS_NAME));
            String problem = refused.containsKey(id) ? "refused by the whiteboard, reason " + refused.get(id) : "not served yet";
            details.put(name, problem);
            pending.add(id);
            Instant since = pendingSince.computeIfAbsent(id, key -> now);
            (Duration.between(since, now).compareTo(GRACE) < 0 ? starting : down).add(name + " (" + problem + ")");
        }
        pendingSince.keySet().retainAll(pending);
        HealthStatus status = !down.isEmpty() ? HealthStatus.DOWN : !starting.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        String message = switch (status) {
            case UP -> "All " + ours + " Platewise REST resources are served";
            case DEGRADED -> "Starting: not served yet: " + String.join(", ", starting);
            case DOWN -> "Not served for over " + GRACE.toSeconds() + " s: " + String.join(", ", down);
        };
        return List.of(new HealthCheck("rest", status, true, message, details));
    }

    private List<ServiceReference<?>> platewiseResources() {
        List<ServiceReference<?>> resources = new ArrayList<>();
        try {
            ServiceReference<?>[] all = context.getServiceReferences((String) null,
                    "(" + JakartarsWhiteboardConstants.JAKARTA_RS_RESOURCE + "=true)");
            if (all != null) {
                for (ServiceReference<?> reference : all) {
                    if (reference.getBundle() != null && reference.getBundle().getSymbolicName().startsWith(PLATEWISE_PREFIX)) {
                        resources.add(reference);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return resources;
    }

    private static void addResources(Set<Long> served, ApplicationDTO application) {
        if (application != null && application.resourceDTOs != null) {
            for (ResourceDTO resource : application.resourceDTOs) {
                served.add(resource.serviceId);
            }
        }
    }
}
