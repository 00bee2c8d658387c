package io.platewise.recognition.internal.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.inference.onnx.internal.OnnxModels;
import io.platewise.inference.onnx.internal.OnnxRuntimeEngine;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.internal.frames.TestPlanes;
import io.platewise.video.FramePixels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector's two output forms, run through ONNX Runtime: corners at every cell of the grid (as
 * detector.py exports) and at the strongest peaks only (as sparse_corners.py rewrites it) must give
 * the same plates.
 */
class PlateDetectorTest {

    private static final int WIDTH = 64;
    private static final int HEIGHT = 32;
    private static final int STRIDE = 4;
    private static final int GRID_WIDTH = WIDTH / STRIDE;
    private static final int CELLS = GRID_WIDTH * (HEIGHT / STRIDE);

    /** Two plates (cells 37 and 90) and a weak peak (cell 100) under the threshold of 0.5. */
    private static final int[] CELL = {37, 90, 100};
    private static final float[] SCORE = {0.9f, 0.7f, 0.3f};
    private static final float[][] QUAD = {
        {-6, -2, 6, -2, 6, 2, -6, 2},
        {-10, -3, 9, -4, 10, 3, -9, 4},
        {-4, -1, 4, -1, 4, 1, -4, 1}};

    @TempDir
    Path folder;

    private final OnnxRuntimeEngine engine = new OnnxRuntimeEngine();

    @Test
    void cornersAtEveryCellAndAtTheStrongestPeaksGiveTheSamePlates() throws Exception {
        List<PlateDetection> dense = detect(denseModel(), 0.5f);
        List<PlateDetection> sparse = detect(sparseModel(8), 0.5f);
        assertEquals(2, dense.size());
        assertEquals(dense.size(), sparse.size());
        for (int i = 0; i < dense.size(); i++) {
            assertArrayEquals(dense.get(i).corners(), sparse.get(i).corners(), 1e-6f);
            assertEquals(dense.get(i).score(), sparse.get(i).score(), 1e-6f);
        }
        // Cell 37 is column 5, row 2: its centre is at input pixels (22, 10); the frame is twice the input.
        PlateDetection strongest = dense.get(0);
        assertEquals(0.9f, strongest.score(), 1e-6f);
        assertArrayEquals(new float[] {32, 16, 56, 16, 56, 24, 32, 24}, strongest.corners(), 1e-4f);
        assertEquals(3, detect(sparseModel(8), 0.2f).size());
    }

    @Test
    void platesFoundInADetectionAreaAreGivenInTheFramesPixelsFromPackedFramesAndFromPlanes() throws Exception {
        // The area is twice the input, so a plate's input pixels are doubled, then moved by the area's origin.
        DetectionArea area = new DetectionArea(100, 40, 2 * WIDTH, 2 * HEIGHT);
        float[] expected = {132, 56, 156, 56, 156, 64, 132, 64};
        int frameWidth = 4 * WIDTH;
        int frameHeight = 4 * HEIGHT;
        FramePixels.Yuv420 planes = new FramePixels.Yuv420(frameWidth, frameHeight, new byte[frameWidth * frameHeight],
                new byte[frameWidth * frameHeight / 4], new byte[frameWidth * frameHeight / 4], false);
        FramePixels decoded = TestPlanes.pixels(planes, () -> {
            throw new AssertionError("a frame kept as planes is letterboxed from them");
        });
        try (PlateDetector detector = new PlateDetector(engine.open(denseModel(), 1), WIDTH, HEIGHT, STRIDE)) {
            List<PlateDetection> packed = detector.detect(new byte[frameWidth * frameHeight * 3], frameWidth, frameHeight, area, 0.5f);
            assertArrayEquals(expected, packed.get(0).corners(), 1e-4f);
            assertArrayEquals(expected, detector.detect(decoded, area, 0.5f).get(0).corners(), 1e-4f);
            // The whole frame is four times the input: the same cell lands elsewhere.
            assertArrayEquals(new float[] {64, 32, 112, 32, 112, 48, 64, 48}, detector.detect(decoded, 0.5f).get(0).corners(), 1e-4f);
            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                    () -> detector.detect(decoded, new DetectionArea(200, 40, 2 * WIDTH, 2 * HEIGHT), 0.5f));
            assertTrue(outside.getMessage().contains("does not fit a 256x128 frame"), outside.getMessage());
            assertThrows(IllegalArgumentException.class, () -> detector.detect(new byte[frameWidth * frameHeight * 3], frameWidth,
                    frameHeight, new DetectionArea(0, 80, 2 * WIDTH, 2 * HEIGHT), 0.5f), "packed frames too");
        }
    }

    @Test
    void aSparseModelWithFewerPeaksThanPlatesKeepsItsStrongest() throws Exception {
        List<PlateDetection> found = detect(sparseModel(1), 0.2f);
        assertEquals(1, found.size());
        assertEquals(0.9f, found.get(0).score(), 1e-6f);
    }

    @Test
    void aModelWithoutEitherSetOfOutputsIsRefusedClearly() throws Exception {
        Path relu = Files.write(folder.resolve("relu.onnx"), OnnxModels.relu(4));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new PlateDetector(engine.open(relu, 1), WIDTH, HEIGHT, STRIDE));
        assertTrue(error.getMessage().contains("'cell_corners'"), error.getMessage());
    }

    private List<PlateDetection> detect(Path model, float threshold) throws Exception {
        try (PlateDetector detector = new PlateDetector(engine.open(model, 1), WIDTH, HEIGHT, STRIDE)) {
            return detector.detect(new byte[2 * WIDTH * 2 * HEIGHT * 3], 2 * WIDTH, 2 * HEIGHT, threshold);
        }
    }

    private Path denseModel() throws Exception {
        float[] peaks = new float[CELLS];
        float[] corners = new float[8 * CELLS];
        for (int i = 0; i < CELL.length; i++) {
            peaks[CELL[i]] = SCORE[i];
            for (int k = 0; k < 8; k++) {
                corners[k * CELLS + CELL[i]] = QUAD[i][k];
            }
        }
        return Files.write(folder.resolve("dense.onnx"),
                OnnxModels.constantDetector(peaks, corners, HEIGHT, WIDTH, HEIGHT / STRIDE, GRID_WIDTH));
    }

    /** The strongest {@code k} peaks, strongest first, then empty ones (score 0, cell 0) as TopK pads a quiet frame. */
    private Path sparseModel(int k) throws Exception {
        float[] scores = new float[k];
        float[] cells = new float[k];
        float[] corners = new float[8 * k];
        for (int i = 0; i < Math.min(k, CELL.length); i++) {
            scores[i] = SCORE[i];
            cells[i] = CELL[i];
            System.arraycopy(QUAD[i], 0, corners, 8 * i, 8);
        }
        return Files.write(folder.resolve("sparse-" + k + ".onnx"), OnnxModels.constantSparseDetector(scores, cells, corners, HEIGHT, WIDTH));
    }
}
