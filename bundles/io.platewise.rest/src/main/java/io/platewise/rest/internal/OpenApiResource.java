package io.platewise.rest.internal;

import io.platewise.core.security.Role;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code GET /api/openapi.json}: the OpenAPI document of every resource on the whiteboard at the
 * time of the request, so resources of bundles installed later appear without a restart.
 */
@Component(service = OpenApiResource.class)
@JakartarsResource
@JakartarsName("platewise.openapi")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("openapi.json")
public final class OpenApiResource {

    private final BundleContext context;

    @Activate
    public OpenApiResource(BundleContext context) {
        this.context = context;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> openApi() throws InvalidSyntaxException {
        String version = context.getProperty("platewise.version");
        Map<String, Object> info = Map.of("title", "Platewise API", "version", version == null ? "unknown" : version,
                "description", "Licence-plate recognition and MLOps. Every call except GET /health needs HTTP Basic "
                        + "credentials or a bearer API token (see /tokens). x-roles lists the roles a call needs.");
        return new OpenApiGenerator().generate(resourceClasses(), info);
    }

    private Set<Class<?>> resourceClasses() throws InvalidSyntaxException {
        Set<Class<?>> classes = new LinkedHashSet<>();
        ServiceReference<?>[] references = context.getServiceReferences((String) null,
                "(" + JakartarsWhiteboardConstants.JAKARTA_RS_RESOURCE + "=true)");
        if (references == null) {
            return classes;
        }
        for (ServiceReference<?> reference : references) {
            Object resource = context.getService(reference);
            if (resource != null) {
                try {
                    classes.add(resource.getClass());
                } finally {
                    context.ungetService(reference);
                }
            }
        }
        return classes;
    }
}
