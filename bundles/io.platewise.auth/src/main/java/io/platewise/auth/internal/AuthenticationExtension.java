package io.platewise.auth.internal;

import io.platewise.rest.PlatewiseRest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Authentication and role checks as one whiteboard extension. Every Platewise resource selects it,
 * so the whiteboard serves no resource while it is missing.
 */
@Component(service = Feature.class)
@JakartarsExtension
@JakartarsName(PlatewiseRest.AUTHENTICATION_EXTENSION)
public final class AuthenticationExtension implements Feature {

    private final AuthenticationService authentication;

    @Activate
    public AuthenticationExtension(@Reference AuthenticationService authentication) {
        this.authentication = authentication;
    }

    @Override
    public boolean configure(FeatureContext context) {
        context.register(new AuthenticationFilter(authentication), Priorities.AUTHENTICATION);
        context.register(new RoleCheck());
        return true;
    }
}
