package io.platewise.rest.internal;

import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /api/health}: every registered {@link HealthIndicator}, asked in parallel with a time
 * limit so that one stuck check cannot hang the answer. 503 when an essential check is down.
 * It is the one call that needs no credentials, for load balancers and supervisors.
 */
@Component(service = HealthResource.class)
@JakartarsResource
@JakartarsName("platewise.health")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path(PlatewiseRest.HEALTH_PATH)
public final class HealthResource {

    static final long CHECK_TIMEOUT_MILLIS = 2000;

    /** The body of {@code GET /api/health}. */
    public record HealthReport(HealthStatus status, Instant checkedAt, List<HealthCheck> checks) {
    }

    private final List<HealthIndicator> indicators = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "platewise-health-check");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public HealthResource() {
        // Indicators arrive through the dynamic reference below.
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addIndicator(HealthIndicator indicator) {
        indicators.add(indicator);
    }

    void removeIndicator(HealthIndicator indicator) {
        indicators.remove(indicator);
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        HealthReport report = report();
        boolean essentialDown = report.checks().stream().anyMatch(c -> c.essential() && c.status() == HealthStatus.DOWN);
        return Response.status(essentialDown ? 503 : 200).entity(report).build();
    }

    HealthReport report() {
        List<HealthIndicator> current = List.copyOf(indicators);
        List<Future<List<HealthCheck>>> answers = new ArrayList<>();
        for (HealthIndicator indicator : current) {
            answers.add(executor.submit(indicator::check));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_TIMEOUT_MILLIS);
        List<HealthCheck> checks = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            checks.addAll(collect(current.get(i), answers.get(i), deadline));
        }
        checks.sort(Comparator.comparing(HealthCheck::name));
        HealthStatus overall = HealthStatus.UP;
        for (HealthCheck check : checks) {
            // A non-essential check that is down only degrades the whole.
            HealthStatus effective = !check.essential() && check.status() == HealthStatus.DOWN ? HealthStatus.DEGRADED
                    : check.status();
            overall = overall.worst(effective);
        }
        return new HealthReport(overall, Instant.now(), checks);
    }

    private static List<HealthCheck> collect(HealthIndicator indicator, Future<List<HealthCheck>> answer, long deadline) {
        String name = indicator.getClass().getSimpleName();
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            List<HealthCheck> result = answer.get(remaining, TimeUnit.NANOSECONDS);
            return result == null ? List.of() : result;
        } catch (TimeoutException e) {
            answer.cancel(true);
            return List.of(HealthCheck.down(name, true, "Did not answer within " + CHECK_TIMEOUT_MILLIS + " ms", Map.of()));
        } catch (ExecutionException e) {
            return List.of(HealthCheck.down(name, true, "Check failed: " + e.getCause(), Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(HealthCheck.down(name, true, "Interrupted", Map.of()));
        }
    }
}
