package io.platewise.recognition.internal.rest;

import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.security.Role;
import io.platewise.filestore.FileStore;
import io.platewise.recognition.internal.tracking.Travel;
import io.platewise.recognition.internal.tracklets.PlateMatch;
import io.platewise.recognition.internal.tracklets.TrackletDeleter;
import io.platewise.recognition.internal.tracklets.TrackletQuery;
import io.platewise.recognition.internal.tracklets.TrackletRecord;
import io.platewise.recognition.internal.tracklets.TrackletStore;
import io.platewise.rest.ParameterDoc;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/tracklets}: the cars seen, filtered and paged, with their images. */
@Component(service = TrackletsResource.class)
@JakartarsResource
@JakartarsName("platewise.tracklets")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("tracklets")
@Produces(MediaType.APPLICATION_JSON)
public final class TrackletsResource {

    private static final Logger LOG = LoggerFactory.getLogger(TrackletsResource.class);
    static final int MAX_LIMIT = 500;

    /** A page of tracklets, newest first. */
    public record TrackletPage(long total, int offset, int limit, List<TrackletRecord> items) {
    }

    private final TrackletStore store;
    private final FileStore files;
    private final TrackletDeleter deleter;

    @Activate
    public TrackletsResource(@Reference DataSource dataSource, @Reference FileStore files) {
        this.store = new TrackletStore(dataSource);
        this.files = files;
        this.deleter = new TrackletDeleter(store, files);
    }

    /** The page of matching tracklets, newest first (each parameter is described in /api/openapi.json). */
    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public TrackletPage list(
            @QueryParam("from") @ParameterDoc(value = "tracklets that started at or after this time", format = "date-time") String from,
            @QueryParam("to") @ParameterDoc(value = "tracklets that started before this time", format = "date-time") String to,
            @QueryParam("range") @ParameterDoc(value = "a quick range ending now, instead of from", allowed = {"hour", "day", "week"})
            String range,
            @QueryParam("camera") @ParameterDoc("a camera's id") String camera, @QueryParam("task") @ParameterDoc("a task's id") String task,
            @QueryParam("plate") @ParameterDoc("the plate text or a part of it, any case; spaces, hyphens and dots are left out") String plate,
            @QueryParam("match") @ParameterDoc(value = "how plate matches: contains (the default), exact (the whole best read; the fastest),"
                    + " similar (anywhere in the best read or a runner-up candidate, look-alikes such as 0 and O taken as one), near (as"
                    + " similar, with one character more, less or other too; 4 characters or more)",
                    allowed = {"contains", "exact", "similar", "near"}) String match,
            @QueryParam("heading") @ParameterDoc(value = "which way the car went: towards the camera (its plate grew by a quarter or more),"
                    + " away from it, across the frame (a plate width or more), or not at all",
                    allowed = {"approaching", "receding", "crossing", "stationary"}) String heading,
            @QueryParam("minConfidence") @ParameterDoc("the best read's confidence at least, 0 to 1") Float minConfidence,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) throws SQLException {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("offset must be 0 or more and limit between 1 and " + MAX_LIMIT);
        }
        if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
            throw new InvalidInputException("minConfidence must be between 0 and 1");
        }
        Instant start = time("from", from);
        if (range != null) {
            if (from != null) {
                throw new InvalidInputException("Give either range or from, not both");
            }
            start = Instant.now().minus(switch (range) {
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                case "week" -> Duration.ofDays(7);
                default -> throw new InvalidInputException("range is one of hour, day, week; not '" + range + "'");
            });
        }
        Instant end = time("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidInputException("from must be before to");
        }
        String text = plate == null || plate.isBlank() ? null : PlateMatch.typed(plate);
        if (text != null && text.isEmpty()) {
            throw new InvalidInputException("plate '" + plate + "' has no letters or digits");
        }
        PlateMatch plateMatch = PlateMatch.CONTAINS;
        if (match != null) {
            if (text == null) {
                throw new InvalidInputException("match says how plate is matched; give plate too, as in ?plate=ABC123&match=similar");
            }
            try {
                plateMatch = PlateMatch.of(match);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            if (plateMatch == PlateMatch.NEAR && text.length() < PlateMatch.NEAR_MIN_LENGTH) {
                throw new InvalidInputException("match=near takes a plate of " + PlateMatch.NEAR_MIN_LENGTH
                        + " characters or more: with one character free, '" + text + "' would match most plates");
            }
        }
        TrackletStore.Page page = store.find(new TrackletQuery(start, end, blank(camera), blank(task), text, plateMatch, heading(heading),
                minConfidence, offset, limit));
        return new TrackletPage(page.total(), offset, limit, page.items());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public TrackletRecord get(@PathParam("id") String id) throws SQLException {
        return store.get(id).orElseThrow(() -> new ResourceNotFoundException("No tracklet '" + id + "'"));
    }

    /** Erasure of one tracklet, its sightings and its images, as a data subject may ask for. */
    @DELETE
    @Path("{id}")
    @RolesAllowed(Role.ADMIN_NAME)
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        TrackletRecord record = get(id);
        deleter.delete(List.of(new TrackletStore.Stored(record.id(), record.cropRef(), record.frameRef(), record.sightingCropRefs())));
        LOG.info("{} deleted tracklet {}", security.getUserPrincipal().getName(), id);
        return Response.noContent().build();
    }

    /** Erasure of every tracklet of one plate (the exact text, any case), with their images. */
    @DELETE
    @RolesAllowed(Role.ADMIN_NAME)
    public Deleted deleteByPlate(@QueryParam("plate") String plate, @Context SecurityContext security) throws SQLException {
        if (plate == null || plate.isBlank()) {
            throw new InvalidInputException("Name the plate whose tracklets to delete: DELETE /api/tracklets?plate=AB123CD; "
                    + "one tracklet is DELETE /api/tracklets/{id}");
        }
        String text = PlateMatch.typed(plate);
        if (text.isEmpty()) {
            throw new InvalidInputException("plate '" + plate + "' has no letters or digits");
        }
        int deleted = deleter.delete(store.withPlate(text));
        // The plate stays out of the log: the log outlives the erasure.
        LOG.info("{} deleted the {} tracklets of a plate", security.getUserPrincipal().getName(), deleted);
        return new Deleted(deleted);
    }

    /** How many tracklets a deletion removed. */
    public record Deleted(int deleted) {
    }

    /** The best sighting's straightened plate crop. */
    @GET
    @Path("{id}/crop.jpg")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces("image/jpeg")
    public Response crop(@PathParam("id") String id) throws SQLException, IOException {
        return image(get(id).cropRef(), id);
    }

    /** The full frame of the best sighting. */
    @GET
    @Path("{id}/frame.jpg")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces("image/jpeg")
    public Response frame(@PathParam("id") String id) throws SQLException, IOException {
        return image(get(id).frameRef(), id);
    }

    /**
     * The straightened plate crop of one sighting, by its frame number ({@code observations[].frame}),
     * for the sightings stored with one ({@code observations[].cropRef} set; a task's {@code sightingCrops}).
     */
    @GET
    @Path("{id}/sightings/{frame}/crop.jpg")
    @RolesAllowed(Role.VIEWER_NAME)
    @Produces("image/jpeg")
    public Response sightingCrop(@PathParam("id") String id, @PathParam("frame") String frame) throws SQLException, IOException {
        long sequence;
        try {
            sequence = Long.parseLong(frame);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("A sighting is named by its frame number (observations[].frame), not '" + frame + "'");
        }
        TrackletRecord record = get(id);
        List<String> withCrops = new ArrayList<>();
        for (TrackletRecord.Sighting sighting : record.observations()) {
            if (sighting.cropRef() != null) {
                if (sighting.frame() == sequence) {
                    return image(sighting.cropRef(), id);
                }
                withCrops.add(String.valueOf(sighting.frame()));
            }
        }
        throw new ResourceNotFoundException("Tracklet '" + id + "' keeps no crop of frame " + sequence + "; " + (withCrops.isEmpty()
                ? "it keeps no sighting's crop (its task's sightingCrops was 0, or it was stored before sightings kept crops); its best"
                        + " crop is /api/tracklets/" + id + "/crop.jpg"
                : "the sightings with crops are frames " + String.join(", ", withCrops)));
    }

    private Response image(String reference, String id) throws IOException {
        if (reference == null) {
            throw new ResourceNotFoundException("Tracklet '" + id + "' has no such image");
        }
        return Response.ok(files.open(reference), "image/jpeg").header("Cache-Control", "private, max-age=86400").build();
    }

    private static Travel.Heading heading(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Travel.Heading heading = Travel.Heading.valueOf(value.trim().toUpperCase(Locale.ROOT));
            if (heading != Travel.Heading.UNKNOWN) {
                return heading;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw new InvalidInputException("heading is one of approaching, receding, crossing, stationary; not '" + value + "'");
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw new InvalidInputException(name + " must be an ISO-8601 time such as 2026-11-24T08:00:00Z, not '" + value + "'");
            }
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
