package io.platewise.video.internal.rest;

import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.security.Role;
import io.platewise.rest.PlatewiseRest;
import io.platewise.video.CameraService;
import io.platewise.video.CameraStatus;
import io.platewise.video.Jpeg;
import io.platewise.video.VideoFrame;
import io.platewise.video.internal.CameraConfigurations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/cameras}: cameras are ConfigAdmin factory configurations; this resource validates a
 * request completely before it writes one, so bad input changes nothing.
 */
@Component(service = CamerasResource.class)
@JakartarsResource
@JakartarsName("platewise.cameras")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("cameras")
@Produces(MediaType.APPLICATION_JSON)
public final class CamerasResource {

    /** A camera as configured and as it is now. */
    public record CameraDto(Map<String, Object> configuration, CameraStatus status) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CamerasResource.class);
    /** How long a creation waits for its camera to run: ConfigAdmin applies a configuration within milliseconds unless the machine is swamped. */
    static final Duration CAMERA_START_WAIT = Duration.ofSeconds(10);

    private final CameraService cameras;
    private final CameraConfigurations configurations;

    @Activate
    public CamerasResource(@Reference CameraService cameras, @Reference CameraConfigurations configurations) {
        this.cameras = cameras;
        this.configurations = configurations;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<CameraDto> list() throws IOException {
        return configurations.all().stream().map(c -> new CameraDto(c, cameras.camera(String.valueOf(c.get("id"))).orElse(null))).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public CameraDto get(@PathParam("id") String id) throws IOException {
        Map<String, Object> configuration = configurations.find(id)
                .orElseThrow(() -> new ResourceNotFoundException("No camera '" + id + "'"));
        return new CameraDto(configuration, cameras.camera(id).orElse(null));
    }

    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> request) throws IOException {
        if (request == null) {
            throw new InvalidInputException("Send the camera as JSON: {\"id\": ..., \"source\": ..., ...}");
        }
        Map<String, Object> created = configurations.create(request);
        String id = String.valueOf(created.get("id"));
        // Answered once the camera runs, so that a task can name it right away (ConfigAdmin applies the configuration asynchronously).
        Optional<CameraStatus> running;
        try {
            running = cameras.awaitCamera(id, CAMERA_START_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = cameras.camera(id);
        }
        if (running.isEmpty()) {
            LOG.warn("Camera {} was created but did not start within {} s; it runs once its configuration is applied", id,
                    CAMERA_START_WAIT.toSeconds());
        }
        return Response.created(URI.create("cameras/" + id)).entity(new CameraDto(created, running.orElse(null))).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public CameraDto update(@PathParam("id") String id, Map<String, Object> request) throws IOException {
        if (request == null) {
            throw new InvalidInputException("Send the changed fields as JSON");
        }
        if (request.containsKey("id") && !id.equals(String.valueOf(request.get("id")))) {
            throw new ConflictException("A camera's id cannot change; delete it and create a new one");
        }
        return new CameraDto(configurations.update(id, request), cameras.camera(id).orElse(null));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    public Response delete(@PathParam("id") String id) throws IOException {
        configurations.delete(id);
        return Response.noContent().build();
    }

    /** The newest analysed frame as JPEG. */
    @GET
    @Path("{id}/snapshot")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces("image/jpeg")
    public Response snapshot(@PathParam("id") String id) throws IOException {
        if (configurations.find(id).isEmpty()) {
            throw new ResourceNotFoundException("No camera '" + id + "'");
        }
        VideoFrame frame = cameras.latestFrame(id).orElseThrow(() -> new ServiceUnavailableException(
                "Camera '" + id + "' has not produced a frame yet; see its state at /api/cameras/" + id, 2L));
        return Response.ok(Jpeg.encode(frame.bgr(), frame.width(), frame.height()), "image/jpeg")
                .header("X-Frame-Sequence", frame.sequence())
                .header("X-Frame-Captured-At", frame.capturedAt().toString())
                .header("Cache-Control", "no-store").build();
    }
}
