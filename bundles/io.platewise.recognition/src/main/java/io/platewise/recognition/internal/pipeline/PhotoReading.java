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
 * choose the text. Used by {@code POST /api/recognize} and by {@code bin/platewise eval} on photos, so
 * that what eval measures is what the API answers.
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
     * @param rejected detections the size, zone or mask filters left out, or whose read the verification refused
     */
    public record Result(List<Plate> plates, int rejected) {
    }

    private PhotoReading() {
    }

    public static Result read(byte[] bgr, int width, int height, PlateDetector detector, PlateReader reader, TaskSettings settings)
            throws InferenceException {
        DetectionArea area = DetectionArea.around(settings.zones(), width, height, detector.inputWidth(), detector.inputHeight());
        List<Plate> plates = new ArrayList<>();
        int rejected = 0;
        for (PlateDetection detection : detector.detect(bgr, width, height, area, settings.detectionThreshold())) {
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
        return new Result(plates, rejected);
    }
}
