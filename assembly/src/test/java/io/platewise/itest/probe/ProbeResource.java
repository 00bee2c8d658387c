package io.platewise.itest.probe;

import io.platewise.core.security.Role;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * A third-party REST resource, built into a bundle by the tests themselves (see ProbeBundle) and
 * dropped into deploy/. It reports its bundle's version, so the tests can see an update land,
 * takes a multipart upload, and shows the finished-tracklet events its bundle has received.
 */
@Component(service = ProbeResource.class)
@JakartarsResource
@JakartarsName("itest.probe")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION, PlatewiseRest.MULTIPART})
@Path("probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final TrackletEventProbe trackletEvents;

    @Activate
    public ProbeResource(@Reference TrackletEventProbe trackletEvents) {
        this.trackletEvents = trackletEvents;
    }

    @GET
    @Path("tracklet-events")
    @RolesAllowed(Role.VIEWER_NAME)
    public List<Map<String, Object>> trackletEvents() {
        return trackletEvents.received();
    }

    @GET
    @Path("version")
    @RolesAllowed(Role.VIEWER_NAME)
    public Map<String, String> version() {
        return Map.of("version", FrameworkUtil.getBundle(ProbeResource.class).getVersion().toString());
    }

    @POST
    @Path("upload")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Map<String, Object> upload(@FormDataParam("file") InputStream file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long size;
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            size = file.transferTo(sink);
        }
        return Map.of("size", size, "sha256", HexFormat.of().formatHex(digest.digest()));
    }
}
