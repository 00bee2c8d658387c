package io.platewise.auth;

import io.platewise.core.security.Role;
import java.security.Principal;

/**
 * The caller of a REST request, from {@code SecurityContext.getUserPrincipal()}. Resources that
 * record who did something (model swaps, label changes) take the name from here.
 *
 * @param name   the user name; for a token, the name of the user who created it
 * @param role   the user's role
 * @param method how the caller proved who they are: {@code basic} or {@code token}
 */
public record PlatewisePrincipal(String name, Role role, String method) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
