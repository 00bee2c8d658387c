package io.platewise.auth.internal;

import io.platewise.auth.PlatewisePrincipal;
import io.platewise.auth.internal.AuthDtos.CreateTokenRequest;
import io.platewise.auth.internal.AuthDtos.CreatedTokenDto;
import io.platewise.auth.internal.AuthDtos.TokenDto;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.security.Role;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/tokens}: bearer API tokens for integrators. A token acts with the role of the user
 * who created it. Users see and revoke their own tokens; admins see and revoke all.
 */
@Component(service = TokensResource.class)
@JakartarsResource
@JakartarsName("platewise.tokens")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
public final class TokensResource {

    private final AuthenticationService authentication;

    @Activate
    public TokensResource(@Reference AuthenticationService authentication) {
        this.authentication = authentication;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<TokenDto> list(@Context SecurityContext security) throws SQLException {
        PlatewisePrincipal caller = caller(security);
        return authentication.tokens(caller.role() == Role.ADMIN ? null : caller.name()).stream().map(TokenDto::of).toList();
    }

    @POST
    @RolesAllowed(Role.VIEWER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateTokenRequest request, @Context SecurityContext security) throws SQLException {
        if (request == null) {
            throw new InvalidInputException("Send {\"name\": ..., \"expiresInDays\": ...}");
        }
        Map.Entry<TokenRecord, String> created = authentication.createToken(caller(security).name(), request.name(),
                request.expiresInDays());
        return Response.created(URI.create("tokens/" + created.getKey().id()))
                .entity(new CreatedTokenDto(created.getValue(), TokenDto.of(created.getKey()))).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public Response revoke(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        PlatewisePrincipal caller = caller(security);
        TokenRecord token = authentication.token(id);
        if (caller.role() != Role.ADMIN && !token.userName().equals(caller.name())) {
            // Do not tell other users which token ids exist.
            throw new ResourceNotFoundException("No API token with id '" + id + "'");
        }
        authentication.revokeToken(id);
        return Response.noContent().build();
    }

    private static PlatewisePrincipal caller(SecurityContext security) {
        return (PlatewisePrincipal) security.getUserPrincipal();
    }
}
