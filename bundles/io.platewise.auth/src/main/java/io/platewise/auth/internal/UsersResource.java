package io.platewise.auth.internal;

import io.platewise.auth.PlatewisePrincipal;
import io.platewise.auth.internal.AuthDtos.ChangePasswordRequest;
import io.platewise.auth.internal.AuthDtos.CreateUserRequest;
import io.platewise.auth.internal.AuthDtos.MeDto;
import io.platewise.auth.internal.AuthDtos.UserDto;
import io.platewise.core.InvalidInputException;
import io.platewise.core.security.Role;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/** {@code /api/users}: user administration (admins), {@code /api/users/me}: who am I (everyone). */
@Component(service = UsersResource.class)
@JakartarsResource
@JakartarsName("platewise.users")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {

    private final AuthenticationService authentication;

    @Activate
    public UsersResource(@Reference AuthenticationService authentication) {
        this.authentication = authentication;
    }

    @GET
    @RolesAllowed(Role.ADMIN_NAME)
    public List<UserDto> list() throws SQLException {
        return authentication.users().stream().map(UserDto::of).toList();
    }

    @GET
    @Path("me")
    @RolesAllowed(Role.VIEWER_NAME)
    public MeDto me(@Context SecurityContext security) {
        PlatewisePrincipal principal = (PlatewisePrincipal) security.getUserPrincipal();
        return new MeDto(principal.name(), principal.role().externalName(), principal.method());
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    public UserDto get(@PathParam("name") String name) throws SQLException {
        return UserDto.of(authentication.user(name));
    }

    @POST
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateUserRequest request) throws SQLException {
        if (request == null) {
            throw new InvalidInputException("Send {\"name\": ..., \"password\": ..., \"role\": ...}");
        }
        UserRecord user = authentication.createUser(request.name(), request.password(), request.role());
        return Response.created(URI.create("users/" + user.name())).entity(UserDto.of(user)).build();
    }

    /** Admins may set anyone's password; every user may set their own. */
    @PUT
    @Path("{name}/password")
    @RolesAllowed(Role.VIEWER_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@PathParam("name") String name, ChangePasswordRequest request,
            @Context SecurityContext security) throws SQLException {
        PlatewisePrincipal caller = (PlatewisePrincipal) security.getUserPrincipal();
        if (caller.role() != Role.ADMIN && !caller.name().equals(name)) {
            throw new ForbiddenException("Only admins may change another user's password");
        }
        if (request == null) {
            throw new InvalidInputException("Send {\"password\": ...}");
        }
        authentication.changePassword(name, request.password());
        return Response.noContent().build();
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Role.ADMIN_NAME)
    public Response delete(@PathParam("name") String name) throws SQLException {
        authentication.deleteUser(name);
        return Response.noContent().build();
    }
}
