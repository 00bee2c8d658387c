package io.platewise.recognition.internal.detection;

import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.video.FramePixels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The detector stage: a frame in, plates out (box and four corners in frame pixels). The model
 * (tools/training/detector.py) gives a centre heatmap already reduced to its local maxima and the
 * plate's corners relative to a cell's centre, in one of two forms: for every cell of the grid
 * ({@code peaks} and {@code corners}, as exported), or for its strongest peaks only ({@code scores},
 * {@code cells} and {@code cell_corners}, after tools/training/sparse_corners.py, which leaves out
 * the corner head's work at the cells no one reads).
 */
public final class PlateDetector implements AutoCloseable {

    /** Overlap above which the weaker of two detections is the same plate found twice. */
    private static final float DUPLICATE_IOU = 0.5f;

    private final InferenceSession session;
    private final String input;
    private final int width;
    private final int height;
    private final int stride;
    private final DetectorInput.Normalisation normalisation;
    /** Whether the model gives corners at its strongest peaks only (else at every cell). */
    private final boolean strongestPeaksOnly;
    /** The input tensor, filled anew for each frame (see {@link DetectorInput}); guarded by this. */
    private float[] tensor;
    /** Time spent so far making inputs and running the model (guarded by this), for benchmarks. */
    private long letterboxNanos;
    private long inferenceNanos;

    /** Nanoseconds spent so far, over all frames: making the input tensor, and the engine's run with decoding its outputs. */
    public record Timings(long letterboxNanos, long inferenceNanos) {
    }

    public PlateDetector(InferenceSession session, int width, int height, int stride) {
        this(session, width, height, stride, DetectorInput.Normalisation.NONE);
    }

    /**
     * @param normalisation what the model's descriptor says its input is ({@code mean} and
     *                      {@code std} of its preprocessing), for graphs that leave it to the caller
     */
    public PlateDetector(InferenceSession session, int width, int height, int stride, DetectorInput.Normalisation normalisation) {
        this.session = session;
        this.normalisation = normalisation;
        this.input = session.inputs().keySet().iterator().next();
        Map<String, long[]> outputs = session.outputs();
        this.strongestPeaksOnly = outputs.keySet().containsAll(List.of("scores", "cells", "cell_corners"));
        if (!strongestPeaksOnly && !outputs.keySet().containsAll(List.of("peaks", "corners"))) {
            throw new IllegalArgumentException("A plate detector model has the outputs 'peaks' and 'corners', or 'scores', 'cells' and "
                    + "'cell_corners'; this one has " + outputs.keySet());
        }
        int[] fixed = fixedInput(session);
        if (fixed != null && (fixed[0] != width || fixed[1] != height)) {
            throw new IllegalArgumentException("The model takes " + fixed[0] + "x" + fixed[1] + " frames, but its preprocessing says "
                    + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.stride = stride;
    }

    /**
     * The letterbox a model's input declares ({@code [N, 3, height, width]} with both fixed), for
     * models whose descriptor does not say; else 512x288, the first detector's.
     *
     * @return width and height
     */
    public static int[] declaredInput(InferenceSession session) {
        int[] fixed = fixedInput(session);
        return fixed != null ? fixed : new int[] {512, 288};
    }

    /** Width and height of an input {@code [N, 3, height, width]} whose both are fixed, else null. */
    private static int[] fixedInput(InferenceSession session) {
        long[] shape = session.inputs().values().iterator().next();
        return shape.length == 4 && shape[2] > 0 && shape[3] > 0 ? new int[] {(int) shape[3], (int) shape[2]} : null;
    }

    public synchronized List<PlateDetection> detect(byte[] bgr, int frameWidth, int frameHeight, float threshold) throws InferenceException {
        return detect(bgr, frameWidth, frameHeight, DetectionArea.whole(frameWidth, frameHeight), threshold);
    }

    /** As {@link #detect(byte[], int, int, float)}, looking at the area only (see {@link DetectionArea}). */
    public synchronized List<PlateDetection> detect(byte[] bgr, int frameWidth, int frameHeight, DetectionArea area, float threshold)
            throws InferenceException {
        requireInside(area, frameWidth, frameHeight);
        long start = System.nanoTime();
        boolean whole = area.isWhole(frameWidth, frameHeight);
        DetectorInput.Letterboxed letterboxed = DetectorInput.fromBgr(whole ? bgr : DetectorInput.crop(bgr, frameWidth, area), area.width(),
                area.height(), width, height, normalisation, tensor);
        letterboxNanos += System.nanoTime() - start;
        return detect(letterboxed, area, threshold);
    }

    /**
     * A decoded frame's plates: letterboxed from its planes where it kept them, so that a frame in
     * which nothing is found is never converted to BGR.
     */
    public synchronized List<PlateDetection> detect(FramePixels pixels, float threshold) throws InferenceException {
        return detect(pixels, DetectionArea.whole(pixels.width(), pixels.height()), threshold);
    }

    /**
     * As {@link #detect(FramePixels, float)}, looking at the area only: the plates it finds there, in
     * the frame's pixels (see {@link DetectionArea}).
     */
    public synchronized List<PlateDetection> detect(FramePixels pixels, DetectionArea area, float threshold) throws InferenceException {
        requireInside(area, pixels.width(), pixels.height());
        FramePixels.Yuv420 planes = pixels.yuv420();
        if (planes == null) {
            return detect(pixels.bgr(), pixels.width(), pixels.height(), area, threshold);
        }
        long start = System.nanoTime();
        FramePixels.Yuv420 looked = area.isWhole(pixels.width(), pixels.height()) ? planes : DetectorInput.crop(planes, area);
        DetectorInput.Letterboxed letterboxed = DetectorInput.fromYuv420(looked, width, height, normalisation, tensor);
        letterboxNanos += System.nanoTime() - start;
        return detect(letterboxed, area, threshold);
    }

    private static void requireInside(DetectionArea area, int frameWidth, int frameHeight) {
        if (area.x() + area.width() > frameWidth || area.y() + area.height() > frameHeight) {
            throw new IllegalArgumentException("The detection area " + area + " does not fit a " + frameWidth + "x" + frameHeight + " frame");
        }
    }

    /** The width and height of the model's input, which {@link DetectionArea#around} fits an area to. */
    public int inputWidth() {
        return width;
    }

    public int inputHeight() {
        return height;
    }

    public synchronized Timings timings() {
        return new Timings(letterboxNanos, inferenceNanos);
    }

    private List<PlateDetection> detect(DetectorInput.Letterboxed letterboxed, DetectionArea area, float threshold)
            throws InferenceException {
        long start = System.nanoTime();
        try {
            return peaks(letterboxed, area, threshold);
        } finally {
            inferenceNanos += System.nanoTime() - start;
        }
    }

    private List<PlateDetection> peaks(DetectorInput.Letterboxed letterboxed, DetectionArea area, float threshold)
            throws InferenceException {
        tensor = letterboxed.tensor();
        Map<String, float[]> outputs = session.run(Map.of(input, letterboxed.tensor()), Map.of(input, new long[] {1, 3, height, width}));
        Placement placement = new Placement(width / stride, (width / stride) * (height / stride), 1f / letterboxed.scale(), area);
        List<PlateDetection> found = strongestPeaksOnly ? atStrongestPeaks(outputs, placement, threshold)
                : atEveryCell(outputs, placement, threshold);
        return suppressDuplicates(found);
    }

    /** Where the grid's cells lie in the frame: the grid's width and cell count, the letterbox's scale undone, and where the area lies. */
    private record Placement(int gridWidth, int cells, float inverseScale, DetectionArea area) {
    }

    private List<PlateDetection> atStrongestPeaks(Map<String, float[]> outputs, Placement placement, float threshold)
            throws InferenceException {
        float[] scores = outputs.get("scores");
        float[] peakCells = outputs.get("cells");
        float[] corners = outputs.get("cell_corners");
        if (scores == null || peakCells == null || corners == null || peakCells.length != scores.length || corners.length != 8 * scores.length) {
            throw new InferenceException("The detector's outputs do not hold a cell and 8 corner values for each of its "
                    + (scores == null ? "?" : scores.length) + " scores");
        }
        List<PlateDetection> found = new ArrayList<>();
        for (int peak = 0; peak < scores.length; peak++) {
            int cell = (int) peakCells[peak];
            if (scores[peak] >= threshold && cell >= 0 && cell < placement.cells()) {
                detection(corners, 8 * peak, 1, cell, scores[peak], placement).ifPresent(found::add);
            }
        }
        return found;
    }

    private List<PlateDetection> atEveryCell(Map<String, float[]> outputs, Placement placement, float threshold) throws InferenceException {
        float[] peaks = outputs.get("peaks");
        float[] corners = outputs.get("corners");
        int cells = placement.cells();
        if (peaks == null || corners == null || peaks.length != cells || corners.length != 8 * cells) {
            throw new InferenceException("The detector's outputs do not have the shape of a " + placement.gridWidth() + "x"
                    + cells / placement.gridWidth() + " grid");
        }
        List<PlateDetection> found = new ArrayList<>();
        for (int cell = 0; cell < cells; cell++) {
            if (peaks[cell] >= threshold) {
                detection(corners, cell, cells, cell, peaks[cell], placement).ifPresent(found::add);
            }
        }
        return found;
    }

    /**
     * The detection at a cell, its 8 corner values read from {@code corners} at {@code first},
     * {@code first + step}... (relative to the cell's centre, in input pixels), in frame pixels;
     * none if it has no area.
     */
    private Optional<PlateDetection> detection(float[] corners, int first, int step, int cell, float score, Placement placement) {
        float centreX = (cell % placement.gridWidth() + 0.5f) * stride;
        float centreY = (cell / placement.gridWidth() + 0.5f) * stride;
        float[] quad = new float[8];
        DetectionArea area = placement.area();
        for (int k = 0; k < 8; k++) {
            float value = corners[first + k * step] + (k % 2 == 0 ? centreX : centreY);
            float limit = (k % 2 == 0 ? area.width() : area.height()) - 1;
            quad[k] = Math.max(0, Math.min(limit, value * placement.inverseScale())) + (k % 2 == 0 ? area.x() : area.y());
        }
        return toDetection(quad, score);
    }

    private static Optional<PlateDetection> toDetection(float[] quad, float score) {
        float left = Math.min(Math.min(quad[0], quad[2]), Math.min(quad[4], quad[6]));
        float right = Math.max(Math.max(quad[0], quad[2]), Math.max(quad[4], quad[6]));
        float top = Math.min(Math.min(quad[1], quad[3]), Math.min(quad[5], quad[7]));
        float bottom = Math.max(Math.max(quad[1], quad[3]), Math.max(quad[5], quad[7]));
        if (right - left < 2 || bottom - top < 2) {
            return Optional.empty();
        }
        return Optional.of(new PlateDetection(left, top, right - left, bottom - top, quad, score));
    }

    /**
     * The detections less those that overlap a stronger one by more than half: the same plate found twice (also
     * across the tiles of a picture, {@code PhotoReading}). Sorts the list it is given, strongest first.
     */
    public static List<PlateDetection> suppressDuplicates(List<PlateDetection> found) {
        found.sort(Comparator.comparing(PlateDetection::score).reversed());
        List<PlateDetection> kept = new ArrayList<>();
        for (PlateDetection candidate : found) {
            if (kept.stream().allMatch(k -> k.iou(candidate) < DUPLICATE_IOU)) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        session.close();
    }
}
