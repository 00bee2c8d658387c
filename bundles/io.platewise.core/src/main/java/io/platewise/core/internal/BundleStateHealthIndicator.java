package io.platewise.core.internal;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Reports the state of every bundle in the framework. A Platewise bundle that is not active makes
 * the server unhealthy; a third-party bundle that is not active only degrades it.
 */
@Component(service = HealthIndicator.class)
public final class BundleStateHealthIndicator implements HealthIndicator {

    static final String PLATEWISE_PREFIX = "io.platewise.";

    private final BundleContext context;

    @Activate
    public BundleStateHealthIndicator(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<HealthCheck> check() {
        return List.of(evaluate(context.getBundles()));
    }

    static HealthCheck evaluate(Bundle[] bundles) {
        Map<String, Object> states = new LinkedHashMap<>();
        List<String> inactiveOwn = new ArrayList<>();
        List<String> inactiveOther = new ArrayList<>();
        for (Bundle bundle : bundles) {
            String name = bundle.getSymbolicName() == null ? "bundle-" + bundle.getBundleId() : bundle.getSymbolicName();
            String state = stateName(bundle.getState());
            states.put(name, Map.of("id", bundle.getBundleId(), "version", bundle.getVersion().toString(), "state", state));
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            boolean healthy = bundle.getState() == Bundle.ACTIVE || (fragment && bundle.getState() == Bundle.RESOLVED);
            if (!healthy) {
                (name.startsWith(PLATEWISE_PREFIX) ? inactiveOwn : inactiveOther).add(name + " (" + state + ")");
            }
        }
        HealthStatus status = !inactiveOwn.isEmpty() ? HealthStatus.DOWN
                : !inactiveOther.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        String message = switch (status) {
            case UP -> bundles.length + " bundles active";
            case DEGRADED -> "Not active: " + String.join(", ", inactiveOther);
            case DOWN -> "Platewise bundles not active: " + String.join(", ", inactiveOwn);
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
