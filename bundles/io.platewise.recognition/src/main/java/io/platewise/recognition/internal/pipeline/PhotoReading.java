package io.platewise.recognition.internal.pipeline;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.detection.DetectionArea;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.reading.PlateCropper;
import io.platewise.recognition.internal.reading.PlateReader;
import io.platewise.recognition.internal.reading.PlateViews;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The plates of one picture, read as a task reads a frame's ({@link TaskPipeline}) but with nothing to
 * track: the detector looks at the zones' area, the size, zone and mask filters admit plates, each is
 * cut and read ({@link PlateViews}), a read the verification refuses is no plate, and the templates
 * choose the text; where the whole picture gave no plate, a second look in tiles. Used by {@code POST
 * /api/recognize} and by {@code bin/platewise eval} on photos, so that what eval measures is what the API
 * answers.
 */
public final class PhotoReading {

    /**
     * A plate found and read.
     *
     * @param read  its text as the templates choose it, whatever the reader's confidence (what eval's
     *              exact match counts)
     * @param vote  the read a task would let vote for a tracklet's plate: null when less sure than the
     *              recognition threshold ({@link TaskSettings#voting})
     * @param style its look, where the templates differ by it ({@link PlateStyle#UNKNOWN} otherwise)
     */
    public record Plate(PlateDetection detection, PlateRead read, PlateRead vote, PlateStyle style) {
    }

    /**
     * @param plates   strongest detection first
     * @param rejected    detections the size, zone or mask filters left out, or whose read the verification refused
     * @param lookedAgain whether the picture was looked at again in tiles ({@link #read})
     */
    public record Result(List<Plate> plates, int rejected, boolean lookedAgain) {
    }

    /** A tile's share of the area's width and height: four of them overlap by an eighth. */
    static final double TILE = 9.0 / 16;

    private PhotoReading() {
    }

    /**
     * The plates of a picture; with {@code secondLook}, a picture in which the whole area gave no plate and
     * that is large for the detector's input is looked at again in tiles ({@link #tiles}).
     */
    public static Result read(byte[] bgr, int width, int height, PlateDetector detector, PlateReader reader, TaskSettings settings,
            boolean secondLook) throws InferenceException {
        DetectionArea area = DetectionArea.around(settings.zones(), width, height, detector.inputWidth(), detector.inputHeight());
        List<Plate> plates = new ArrayList<>();
        int rejected = readFound(detector.detect(bgr, width, height, area, settings.detectionThreshold()), bgr, width, height, reader,
                settings, plates);
        List<DetectionArea> tiles = secondLook && plates.isEmpty() ? tiles(area, detector.inputWidth(), detector.inputHeight()) : List.of();
        if (!tiles.isEmpty()) {
            List<PlateDetection> found = new ArrayList<>();
            for (DetectionArea tile : tiles) {
                found.addAll(detector.detect(bgr, width, height, tile, settings.detectionThreshold()));
            }
            rejected += readFound(PlateDetector.suppressDuplicates(found), bgr, width, height, reader, settings, plates);
        }
        return new Result(plates, rejected, !tiles.isEmpty());
    }

    /**
     * Four overlapping tiles of the area, each {@link #TILE} of its width and height, which the detector
     * sees {@code 1 / TILE} times as large as the whole area: a still picture has one chance, where a
     * camera's car comes closer frame by frame, and a plate too small at the whole area's scale is found
     * there. None where a tile would be enlarged past the picture's own pixels (a picture under 1.78 times
     * the detector's input): what is too small there stays too small to read.
     */
    static List<DetectionArea> tiles(DetectionArea area, int inputWidth, int inputHeight) {
        int tileWidth = 2 * (int) Math.ceil(area.width() * TILE / 2);
        int tileHeight = 2 * (int) Math.ceil(area.height() * TILE / 2);
        if (Math.min((double) inputWidth / tileWidth, (double) inputHeight / tileHeight) > 1) {
            return List.of();
        }
        int right = (area.x() + area.width() - tileWidth) & ~1;
        int bottom = (area.y() + area.height() - tileHeight) & ~1;
        return List.of(new DetectionArea(area.x(), area.y(), tileWidth, tileHeight), new DetectionArea(right, area.y(), tileWidth, tileHeight),
                new DetectionArea(area.x(), bottom, tileWidth, tileHeight), new DetectionArea(right, bottom, tileWidth, tileHeight));
    }

    private static int readFound(List<PlateDetection> found, byte[] bgr, int width, int height, PlateReader reader, TaskSettings settings,
            List<Plate> plates) throws InferenceException {
        int rejected = 0;
        for (PlateDetection detection : found) {
            if (!settings.admits(detection, width, height)) {
                rejected++;
                continue;
            }
            Function<PlateCropper.Margins, PlateCropper.Crop> cut = margins -> PlateCropper.rectify(bgr, width, height, detection.corners(),
                    margins);
            PlateViews.Viewed viewed = PlateViews.read(reader, cut, settings.readerViews(), settings.candidates());
            // As a task does: verified on the reader's own read, then the templates choose its text.
            if (!settings.verifies(viewed)) {
                rejected++;
                continue;
            }
            PlateStyle style = settings.style(cut);
            PlateRead raw = viewed.read();
            plates.add(new Plate(detection, settings.rules().apply(raw, 0, style), settings.voting(raw, style), style));
        }
        return rejected;
    }
}
