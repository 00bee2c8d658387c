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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Reports the state of every bundle in the framework. A Platewise bundle that stays inactive makes
 * the server unhealthy; a third-party bundle that is not active only degrades it. A bundle being
 * updated is briefly inactive: that only degrades health for {@link #GRACE}, so a routine hot
 * update through deploy/ does not make a load balancer take the server out.
 */
@Component(service = HealthIndicator.class)
public final class BundleStateHealthIndicator implements HealthIndicator {

    static final String PLATEWISE_PREFIX = "io.platewise.";
    static final Duration GRACE = Duration.ofSeconds(10);

    private final BundleContext context;
    /** Bundle id to the moment it was first seen inactive. */
    private final Map<Long, Instant> inactiveSince = new ConcurrentHashMap<>();

    @Activate
    public BundleStateHealthIndicator(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<HealthCheck> check() {
        return List.of(evaluate(context.getBundles(), Instant.now()));
    }

    HealthCheck evaluate(Bundle[] bundles, Instant now) {
        Map<String, Object> states = new LinkedHashMap<>();
        List<String> inactiveOwn = new ArrayList<>();
        List<String> changingOwn = new ArrayList<>();
        List<String> inactiveOther = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Bundle bundle : bundles) {
            seen.add(bundle.getBundleId());
            String name = bundle.getSymbolicName() == null ? "bundle-" + bundle.getBundleId() : bundle.getSymbolicName();
            String state = stateName(bundle.getState());
            states.put(name, Map.of("id", bundle.getBundleId(), "version", bundle.getVersion().toString(), "state", state));
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            boolean healthy = bundle.getState() == Bundle.ACTIVE || (fragment && bundle.getState() == Bundle.RESOLVED);
            if (healthy) {
                inactiveSince.remove(bundle.getBundleId());
                continue;
            }
            String description = name + " (" + state + ")";
            Instant since = inactiveSince.computeIfAbsent(bundle.getBundleId(), id -> now);
            if (!name.startsWith(PLATEWISE_PREFIX)) {
                inactiveOther.add(description);
            } else if (Duration.between(since, now).compareTo(GRACE) < 0) {
                changingOwn.add(description);
            } else {
                inactiveOwn.add(description);
            }
        }
        inactiveSince.keySet().retainAll(seen);
        HealthStatus status = !inactiveOwn.isEmpty() ? HealthStatus.DOWN
                : !inactiveOther.isEmpty() || !changingOwn.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        List<String> notActive = new ArrayList<>(changingOwn);
        notActive.addAll(inactiveOther);
        String message = switch (status) {
            case UP -> bundles.length + " bundles active";
            case DEGRADED -> "Not active (starting, updating or optional): " + String.join(", ", notActive);
            case DOWN -> "Platewise bundles not active for over " + GRACE.toSeconds() + " s: " + String.join(", ", inactiveOwn);
        };
        return new HealthCheck("bundles", status, true, message, states);
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "unknown(" + state + ")";
        };
    }
}
