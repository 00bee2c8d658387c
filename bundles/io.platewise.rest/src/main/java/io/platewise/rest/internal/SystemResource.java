package io.platewise.rest.internal;

import io.platewise.core.security.Role;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code GET /api/system}: versions and uptime, for support and for integrators' inventories. */
@Component(service = SystemResource.class)
@JakartarsResource
@JakartarsName("platewise.system")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("system")
public final class SystemResource {

    /** The body of {@code GET /api/system}. */
    public record SystemInfo(String product, String version, List<String> features, String java, String javaVendor,
            String os, String framework, Instant startedAt, long uptimeSeconds, int bundles, int processors,
            long maxHeapMiB) {
    }

    private final BundleContext context;

    @Activate
    public SystemResource(BundleContext context) {
        this.context = context;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces(MediaType.APPLICATION_JSON)
    public SystemInfo system() {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        String features = context.getProperty("platewise.features");
        long started = ManagementFactory.getRuntimeMXBean().getStartTime();
        return new SystemInfo("Platewise",
                valueOr(context.getProperty("platewise.version"), "unknown"),
                features == null || features.isBlank() ? List.of() : List.of(features.split("\\s*,\\s*")),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                framework.getSymbolicName() + " " + framework.getVersion(),
                Instant.ofEpochMilli(started),
                Duration.ofMillis(System.currentTimeMillis() - started).toSeconds(),
                context.getBundles().length,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
