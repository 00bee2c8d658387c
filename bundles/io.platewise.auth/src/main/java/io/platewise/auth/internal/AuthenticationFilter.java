package io.platewise.auth.internal;

import io.platewise.auth.PlatewisePrincipal;
import io.platewise.rest.ApiError;
import io.platewise.rest.PlatewiseRest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;

/**
 * Authenticates every request but {@code GET /api/health}, before resource matching, so that even
 * a path that does not exist answers 401 to a caller without credentials: HTTP Basic for people and scripts,
 * {@code Bearer pw_...} API tokens for integrators. Without valid credentials the request ends here
 * with 401 (or 429 while the caller is throttled).
 */
@PreMatching
final class AuthenticationFilter implements ContainerRequestFilter {

    static final String REALM = "Basic realm=\"platewise\", charset=\"UTF-8\"";

    private final AuthenticationService authentication;

    // Jersey injects a per-request proxy; the remote address is only available from the servlet request.
    @Context
    private HttpServletRequest servletRequest;

    AuthenticationFilter(AuthenticationService authentication) {
        this.authentication = authentication;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (PlatewiseRest.HEALTH_PATH.equals(path) && (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            request.abortWith(unauthorized("Sign in with HTTP Basic credentials or an API token (Authorization: Bearer pw_...)"));
            return;
        }
        String address = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        try {
            PlatewisePrincipal principal;
            if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded = decode(header.substring(6).trim());
                int colon = decoded == null ? -1 : decoded.indexOf(':');
                if (colon < 1) {
                    request.abortWith(unauthorized("Malformed HTTP Basic credentials"));
                    return;
                }
                principal = authentication.authenticateBasic(decoded.substring(0, colon), decoded.substring(colon + 1), address);
            } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                principal = authentication.authenticateToken(header.substring(7).trim(), address);
            } else {
                request.abortWith(unauthorized("Unsupported authorization scheme; use Basic or Bearer"));
                return;
            }
            request.setSecurityContext(new PlatewiseSecurityContext(principal, request.getSecurityContext().isSecure()));
        } catch (AuthenticationFailedException e) {
            if (e.retryAfter() != null) {
                request.abortWith(Response.status(429)
                        .header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ApiError(429, "too_many_requests", e.getMessage())).build());
            } else {
                request.abortWith(unauthorized(e.getMessage()));
            }
        }
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Response unauthorized(String message) {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, REALM).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, "unauthorized", message)).build();
    }

    /** The security context of an authenticated request; roles follow {@link io.platewise.core.security.Role#implies}. */
    record PlatewiseSecurityContext(PlatewisePrincipal principal, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.role().implies(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "token".equals(principal.method()) ? "Bearer" : SecurityContext.BASIC_AUTH;
        }
    }
}
