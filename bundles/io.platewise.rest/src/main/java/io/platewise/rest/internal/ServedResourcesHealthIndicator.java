package io.platewise.rest.internal;

import io.platewise.core.health.GracePeriod;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final GracePeriod grace;

    @Activate
    public ServedResourcesHealthIndicator(BundleContext context, @Reference JakartarsServiceRuntime runtime) {
        this(context, runtime, Clock.systemUTC());
    }

    ServedResourcesHealthIndicator(BundleContext context, JakartarsServiceRuntime runtime, Clock clock) {
        this.context = context;
        this.runtime = runtime;
        this.grace = new GracePeriod(GRACE, clock);
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
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        List<ServiceReference<?>> resources = platewiseResources();
        for (ServiceReference<?> resource : resources) {
            long id = (Long) resource.getProperty(Constants.SERVICE_ID);
            if (served.contains(id)) {
                continue;
            }
            String name = String.valueOf(resource.getProperty(JakartarsWhiteboardConstants.JAKARTA_RS_NAME));
            String problem = refused.containsKey(id) ? "refused by the whiteboard, reason " + refused.get(id) : "not served yet";
            details.put(name, problem);
            problems.put(Long.toString(id), name + " (" + problem + ")");
        }
        GracePeriod.Verdict verdict = grace.judge(problems);
        String message = switch (verdict.status()) {
            case UP -> "All " + resources.size() + " Platewise REST resources are served";
            case DEGRADED -> "Starting: not served yet: " + String.join(", ", verdict.starting());
            case DOWN -> "Not served for over " + GRACE.toSeconds() + " s: " + String.join(", ", verdict.down());
        };
        return List.of(new HealthCheck("rest", verdict.status(), true, message, details));
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
