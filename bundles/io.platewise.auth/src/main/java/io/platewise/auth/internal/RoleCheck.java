package io.platewise.auth.internal;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.Priorities;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on resource methods (the
 * method's annotation wins over the class's). Unlike Jersey's own feature it tells the caller
 * which roles the call needs and which role they hold.
 */
final class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new Requirement(new String[0]), Priorities.AUTHORIZATION);
        } else if (method.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Requirement(method.getAnnotation(RolesAllowed.class).value()), Priorities.AUTHORIZATION);
        } else if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        } else if (resource.getResourceClass().isAnnotationPresent(DenyAll.class)) {
            context.register(new Requirement(new String[0]), Priorities.AUTHORIZATION);
        } else if (resource.getResourceClass().isAnnotationPresent(RolesAllowed.class)) {
            context.register(new Requirement(resource.getResourceClass().getAnnotation(RolesAllowed.class).value()),
                    Priorities.AUTHORIZATION);
        }
    }

    private static final class Requirement implements ContainerRequestFilter {
        private final String[] roles;

        Requirement(String[] roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            for (String role : roles) {
                if (request.getSecurityContext().isUserInRole(role)) {
                    return;
                }
            }
            if (roles.length == 0) {
                throw new ForbiddenException("This call is not available to anyone");
            }
            String who = request.getSecurityContext().getUserPrincipal() instanceof io.platewise.auth.PlatewisePrincipal p
                    ? "'" + p.name() + "' has role " + p.role().externalName() : "the caller has no role";
            throw new ForbiddenException("This call needs role " + String.join(" or ", Arrays.asList(roles)) + "; " + who);
        }
    }
}
