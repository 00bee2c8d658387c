package io.platewise.models.internal.rest;

import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.security.Role;
import io.platewise.models.InstalledModel;
import io.platewise.models.ModelDescriptor;
import io.platewise.models.ModelHistoryEntry;
import io.platewise.models.ModelRegistry;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/models}: upload (multipart form field {@code package}, or the raw {@code .tar} as the
 * body), list, describe with history, delete.
 */
@Component(service = ModelsResource.class)
@JakartarsResource
@JakartarsName("platewise.models")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION, PlatewiseRest.MULTIPART})
@Path("models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {

    /** One installed model. */
    public record ModelDto(String name, String version, String task, long sizeBytes, String packageSha256, OffsetDateTime installedAt,
            String installedBy, ModelDescriptor descriptor) {
        static ModelDto of(InstalledModel model) {
            return new ModelDto(model.name(), model.version(), model.task(), model.sizeBytes(), model.packageSha256(),
                    model.installedAt(), model.installedBy(), model.descriptor());
        }
    }

    /** The list, with the host's storage. */
    public record ModelListDto(long usedBytes, long quotaBytes, List<ModelDto> models) {
    }

    /** One model with its history. */
    public record ModelDetailDto(ModelDto model, List<ModelHistoryEntry> history) {
    }

    private final ModelRegistry registry;

    @Activate
    public ModelsResource(@Reference ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public ModelListDto list() {
        return new ModelListDto(registry.usedBytes(), registry.quotaBytes(), registry.models().stream().map(ModelDto::of).toList());
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Role.VIEWER_NAME)
    public ModelDetailDto get(@PathParam("name") String name) {
        InstalledModel model = registry.model(name).orElseThrow(() -> new ResourceNotFoundException("No model named '" + name + "' on this host"));
        return new ModelDetailDto(ModelDto.of(model), registry.history(name));
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(@FormDataParam("package") InputStream packageStream, @Context SecurityContext security) throws IOException {
        if (packageStream == null) {
            throw new InvalidInputException("Send the model package as the form field 'package'");
        }
        return created(registry.install(packageStream, security.getUserPrincipal().getName()));
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes({"application/x-tar", "application/gzip", MediaType.APPLICATION_OCTET_STREAM})
    public Response uploadRaw(InputStream body, @Context SecurityContext security) throws IOException {
        return created(registry.install(body, security.getUserPrincipal().getName()));
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response delete(@PathParam("name") String name, @Context SecurityContext security) throws IOException {
        registry.delete(name, security.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    private static Response created(InstalledModel model) {
        return Response.created(URI.create("models/" + model.name())).entity(ModelDto.of(model)).build();
    }
}
