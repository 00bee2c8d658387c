package io.platewise.recognition.internal.rest;

import io.platewise.core.InvalidInputException;
import io.platewise.core.security.Role;
import io.platewise.recognition.api.Candidate;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.pipeline.PhotoReading;
import io.platewise.recognition.internal.pipeline.PlateStyle;
import io.platewise.recognition.internal.tasks.PictureReader;
import io.platewise.recognition.internal.tasks.TaskManager;
import io.platewise.rest.ParameterDoc;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code POST /api/recognize}: the plates in one picture (a snapshot camera's, a photo to check a
 * camera's view or a model by), read as a task reads a frame, with a task's models and settings or
 * with the defaults of a task on the CPU. Nothing is stored. The picture is the request's body, as
 * JPEG, PNG, BMP or GIF.
 */
@Component(service = RecognizeResource.class)
@JakartarsResource
@JakartarsName("platewise.recognize")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("recognize")
@Produces(MediaType.APPLICATION_JSON)
public final class RecognizeResource {

    /** The largest upload: a 4K camera's JPEG is a few megabytes, a 12-megapixel PNG about 30. */
    static final int MAX_BYTES = 32 * 1024 * 1024;

    /** The most pixels a picture may have (8K is 33 million): a small file can declare a huge picture, which decoding would hold in memory. */
    static final long MAX_PIXELS = 40_000_000L;

    /** Where a plate is in the picture, in its pixels. */
    public record Box(float x, float y, float width, float height) {
    }

    /**
     * A plate found and read.
     *
     * @param corners                   x1,y1 .. x4,y4 of the plate's four corners (top-left, top-right, bottom-right, bottom-left)
     * @param text                      the read, A-Z 0-9, as the templates choose it among the reader's candidates
     * @param aboveRecognitionThreshold whether the read is as sure as the task's {@code recognitionThreshold}, as a task
     *                                  needs a read to be to let it vote for a tracklet's plate
     * @param style                     {@code MERCOSUR} or {@code NOT_MERCOSUR} where the country's templates differ by the
     *                                  plate's look and it was judged; absent otherwise
     */
    public record Plate(Box box, float[] corners, float detectionScore, String text, float confidence, boolean aboveRecognitionThreshold,
            float[] characterConfidences, List<Candidate> candidates, boolean matchesTemplate, String style) {
    }

    /**
     * @param rejected     detections left out: outside the task's zones, in its masks, smaller than its minimum plate
     *                     width, or read too unsurely (or too short) to be a plate
     * @param lookedAgain  whether, asked to ({@code secondLook}), the whole picture gave no plate and was looked at again
     *                     in four tiles, in which the detector sees a plate 1.78 times as large (a picture at least that
     *                     much larger than its input)
     * @param milliseconds detecting and reading, not the upload and its decoding
     */
    public record Picture(int width, int height, String models, List<Plate> plates, int rejected, boolean lookedAgain, double milliseconds) {
    }

    private final TaskManager tasks;

    @Activate
    public RecognizeResource(@Reference TaskManager tasks) {
        this.tasks = tasks;
    }

    /**
     * @param task       the task whose models, engine, zones, masks, thresholds, country and templates apply; absent:
     *                   those of a new task on the CPU
     * @param country    without a task, the country (or countries) whose plate formats choose the text, as a task's
     *                   {@code country}
     * @param secondLook where the whole picture (or the task's zones' area) gives no plate, look again in four tiles
     *                   ({@link PhotoReading#read}): more small plates found, and more false detections
     */
    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes({"image/jpeg", "image/png", "image/bmp", "image/gif", MediaType.APPLICATION_OCTET_STREAM})
    public Picture recognize(InputStream body,
            @QueryParam("task") @ParameterDoc("the task whose models and settings read the picture; absent: a new task's on the CPU")
            String task,
            @QueryParam("country") @ParameterDoc("without a task, the country codes whose plate formats choose the text, as a task's")
            String country,
            @QueryParam("secondLook") @DefaultValue("false")
            @ParameterDoc("where the whole picture gives no plate, look again in four tiles (finds smaller plates, and more that are none)")
            boolean secondLook)
            throws IOException, InferenceException {
        BufferedImage image = decode(readAtMost(body, MAX_BYTES));
        PictureReader.Answer answer = tasks.recognise(image, blankToNull(task), blankToNull(country), secondLook);
        List<Plate> plates = answer.result().plates().stream().map(RecognizeResource::plate).toList();
        return new Picture(answer.width(), answer.height(), answer.models(), plates, answer.result().rejected(),
                answer.result().lookedAgain(), Math.round(answer.milliseconds() * 100) / 100.0);
    }

    private static Plate plate(PhotoReading.Plate plate) {
        PlateDetection detection = plate.detection();
        PlateRead read = plate.read();
        return new Plate(new Box(detection.x(), detection.y(), detection.width(), detection.height()), detection.corners(), detection.score(),
                read.text(), read.confidence(), plate.vote() != null, read.characterConfidences(), read.candidates(), read.matchesTemplate(),
                plate.style() == PlateStyle.UNKNOWN ? null : plate.style().name());
    }

    private static byte[] readAtMost(InputStream body, int limit) throws IOException {
        if (body == null) {
            throw new InvalidInputException("Send the picture as the request's body (JPEG, PNG, BMP or GIF)");
        }
        byte[] bytes = body.readNBytes(limit);
        if (bytes.length == limit && body.read() >= 0) {
            throw new WebApplicationException("The picture is larger than " + limit / (1024 * 1024) + " MiB, the most this call takes", 413);
        }
        if (bytes.length == 0) {
            throw new InvalidInputException("The request has no body: send the picture (JPEG, PNG, BMP or GIF)");
        }
        return bytes;
    }

    /** The picture, its size checked before its pixels are decoded, turned upright as its EXIF orientation says (phone photos). */
    static BufferedImage decode(byte[] bytes) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw notAPicture(bytes.length, null);
            }
            ImageReader reader = readers.next();
            int width;
            int height;
            BufferedImage stored = null;
            try {
                reader.setInput(input, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
                if ((long) width * height <= MAX_PIXELS) {
                    stored = reader.read(0);
                }
            } catch (IOException | RuntimeException e) {
                throw notAPicture(bytes.length, reader.getFormatName() + ": " + e.getMessage());
            } finally {
                reader.dispose();
            }
            if (stored == null) {
                throw new WebApplicationException(String.format(Locale.ROOT, "The picture is %dx%d, %.1f million pixels; this call takes"
                        + " at most %d million", width, height, (long) width * height / 1e6, MAX_PIXELS / 1_000_000), 413);
            }
            return ExifOrientation.upright(stored, ExifOrientation.of(bytes));
        }
    }

    private static InvalidInputException notAPicture(int size, String why) {
        return new InvalidInputException("The body (" + size + " bytes) is not a picture this call can read (JPEG, PNG, BMP or GIF)"
                + (why == null ? "" : "; " + why));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
