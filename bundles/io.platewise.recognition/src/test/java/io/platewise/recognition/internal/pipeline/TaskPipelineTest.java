package io.platewise.recognition.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.models.InstalledModel;
import io.platewise.recognition.api.DetectorPlugin;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.internal.detection.DetectionArea;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.frames.TestPlanes;
import io.platewise.recognition.internal.pipeline.TaskPipeline.SwapOutcome;
import io.platewise.recognition.internal.pipeline.TaskPipeline.SwapResult;
import io.platewise.recognition.internal.reading.PlateReader;
import io.platewise.recognition.internal.tracking.PlateTracker;
import io.platewise.recognition.internal.tracking.TrackerSettings;
import io.platewise.video.FramePixels;
import io.platewise.video.VideoFrame;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskPipelineTest {

    private static final String CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final List<FinishedTracklet> finished = new CopyOnWriteArrayList<>();
    private final List<DetectorPlugin> plugins = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private static InstalledModel model(String name) {
        return new InstalledModel(name, "1.0.0", "plate-reader", null, Path.of(name), 0, "", null, "test");
    }

    private static LoadedModels models(String name, ScriptedSession detector, ScriptedSession reader) {
        return new LoadedModels(model(name + "-detector"), model(name + "-reader"), new PlateDetector(detector, 512, 288, 4),
                new PlateReader(reader, CHARSET, 128, 32), "scripted");
    }

    private TaskPipeline pipeline(LoadedModels models, TaskSettings settings) {
        PlateTracker tracker = new PlateTracker("cam", TrackerSettings.defaults(), () -> "t" + ids.incrementAndGet());
        return new TaskPipeline("task", models, settings, tracker, () -> plugins, finished::add);
    }

    private static TaskSettings settings() {
        return new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS);
    }

    /** Frames 0 to {@code count - 1}, as {@link #frame} makes them. */
    private static void feed(TaskPipeline pipeline, int count) {
        for (int i = 0; i < count; i++) {
            pipeline.onFrame(frame(i));
        }
    }

    /** 2 s after frame {@code last}: past the tracker's gap, so that every track ends. */
    private static Instant after(int last) {
        return Instant.ofEpochMilli(1_000_000 + last * 200L + 2_000);
    }

    /** 1280x720 grey frames, 200 ms apart. */
    private static VideoFrame frame(long sequence) {
        return new VideoFrame("cam", sequence, sequence * 200_000, Instant.ofEpochMilli(1_000_000 + sequence * 200), 1280, 720,
                new byte[1280 * 720 * 3]);
    }

    /** Each plate read from three cuts: the two that agree outvote the trained one, which alone says whether it is a plate. */
    @Test
    void theCutsVoteOnTheTextAndTheTrainedCutOnWhetherItIsAPlate() {
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.takingTurns(ScriptedSession.reader("AB123CJ"),
                ScriptedSession.reader("AB123CD"), ScriptedSession.reader("AB123CD"))), settings());
        feed(pipeline, 3);
        pipeline.tick(after(2));
        assertEquals(1, finished.size());
        assertEquals("AB123CD", finished.get(0).tracklet().best().text(), "two cuts of three");
        assertEquals(3, pipeline.stats().reads(), "one read per plate, whatever its cuts");
        pipeline.close();

        // The trained cut half takes its fourth character for a blank (0.37 confident), the others read surely
        // (0.70; apart, so that the third cut is read too): at a verification threshold of 0.5 it is no plate,
        // whatever they read.
        finished.clear();
        TaskPipeline unsure = pipeline(models("b", ScriptedSession.detector(36, 64), ScriptedSession.takingTurns(ScriptedSession.reader("AB123CD", 3, 0.45f),
                ScriptedSession.reader("AB123CJ"), ScriptedSession.reader("AB123CD"))),
                new TaskSettings(0.4f, 0.5f, 0.5f, 4, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        feed(unsure, 3);
        unsure.tick(after(2));
        assertEquals(3, unsure.stats().rejected(), "the trained cut's own read says whether it is a plate");
        assertTrue(finished.isEmpty());
        unsure.close();
    }

    /** Two cuts that agree surely (0.70 each) leave the third unread: nothing it reads could outvote them. */
    @Test
    void aCutIsNotReadOnceTheOthersHaveDecidedTheVote() {
        ScriptedSession reader = ScriptedSession.reader("AB123CD");
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), reader), settings());
        feed(pipeline, 3);
        assertEquals(6, reader.runs, "two reader runs for each of three plates");
        pipeline.tick(after(2));
        assertEquals("AB123CD", finished.get(0).tracklet().best().text());
        pipeline.close();
    }

    /**
     * Every sighting read (interval 1), four crops wanted: the track is thinned to four when it holds nine
     * (frames 0, 3, 5, 8), then the finished tracklet takes four spread over what it holds (0, 5, 9, 11), oldest
     * first, the first being the best sighting's own crop.
     */
    @Test
    void aTrackletCarriesTheCropsOfSightingsSpreadOverItsTime() {
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")),
                new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5,
                        TaskSettings.DEFAULT_READER_VIEWS, 1, 4));
        feed(pipeline, 12);
        pipeline.tick(after(11));
        assertEquals(1, finished.size());
        List<FinishedTracklet.SightingCrop> crops = finished.get(0).sightingCrops();
        assertEquals(List.of(0L, 5L, 9L, 11L), crops.stream().map(kept -> kept.sighting().frameSequence()).toList());
        assertTrue(crops.stream().allMatch(kept -> kept.crop() != null && kept.crop().width() > 0));
        assertSame(finished.get(0).crop(), crops.get(0).crop(), "the best sighting (the first of equals) is frame 0");
        pipeline.close();

        finished.clear();
        TaskPipeline none = pipeline(models("b", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")),
                new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5,
                        TaskSettings.DEFAULT_READER_VIEWS, 1, 0));
        feed(none, 12);
        none.tick(after(11));
        assertEquals(List.of(), finished.get(0).sightingCrops(), "sightingCrops 0");
        assertNotNull(finished.get(0).crop(), "the best crop is kept whatever sightingCrops says");
        none.close();
    }

    /** A car standing in view (0.70 sure reads): four reads settle it, then one sighting in five is read. */
    @Test
    void aCarWhoseReadIsSettledIsReadOnOneSightingInTheInterval() {
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), settings());
        feed(pipeline, 12);
        assertEquals(5, pipeline.stats().reads(), "sightings 0-3 until settled, then 8");
        assertEquals(7, pipeline.stats().settledUnread());
        pipeline.tick(after(11));
        assertEquals(1, finished.size());
        assertEquals("AB123CD", finished.get(0).tracklet().best().text());
        assertEquals(12, finished.get(0).tracklet().observations().size());
        assertNotNull(finished.get(0).crop(), "its best sighting is a read one, with its crop");
        pipeline.close();

        finished.clear();
        TaskPipeline everySighting = pipeline(models("b", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")),
                new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5,
                        TaskSettings.DEFAULT_READER_VIEWS, 1, TaskSettings.DEFAULT_SIGHTING_CROPS));
        feed(everySighting, 12);
        assertEquals(12, everySighting.stats().reads(), "settledReadInterval 1 reads every sighting");
        assertEquals(0, everySighting.stats().settledUnread());
        everySighting.close();
    }

    @Test
    void framesBecomeOneTrackletWithItsReadAndImages() {
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), settings());
        feed(pipeline, 6);
        assertTrue(finished.isEmpty(), "the car is still in view");
        pipeline.tick(after(5));
        assertEquals(1, finished.size());
        FinishedTracklet tracklet = finished.get(0);
        assertEquals("AB123CD", tracklet.tracklet().best().text());
        assertEquals(6, tracklet.tracklet().observations().size());
        assertNotNull(tracklet.crop(), "the best sighting's crop is kept");
        assertEquals(1280, tracklet.frame().width());
        // The detection in frame pixels: cell (36, 64) is centred at input (258, 146), frame (645, 365) at scale 0.4.
        float[] box = {tracklet.best().detection().x(), tracklet.best().detection().y(), tracklet.best().detection().width()};
        assertEquals(545f, box[0], 0.01f);
        assertEquals(340f, box[1], 0.01f);
        assertEquals(200f, box[2], 0.01f);
        assertEquals(0, pipeline.stats().failed());
        pipeline.close();
    }

    /** A decoder's frame kept as planes (mid grey), counting its conversions to BGR. */
    private static VideoFrame planarFrame(long sequence, AtomicInteger conversions) {
        int width = 1280;
        int height = 720;
        byte[] luma = new byte[width * height];
        java.util.Arrays.fill(luma, (byte) 126);
        byte[] chroma = new byte[width * height / 4];
        java.util.Arrays.fill(chroma, (byte) 128);
        FramePixels.Yuv420 planes = new FramePixels.Yuv420(width, height, luma, chroma, chroma.clone(), false);
        FramePixels pixels = TestPlanes.pixels(planes, () -> {
            conversions.incrementAndGet();
            byte[] bgr = new byte[3 * width * height];
            java.util.Arrays.fill(bgr, (byte) 128);
            return bgr;
        });
        return new VideoFrame("cam", sequence, sequence * 200_000, Instant.ofEpochMilli(1_000_000 + sequence * 200), pixels);
    }

    @Test
    void framesKeptAsPlanesAreDetectedAndCutWithoutConversion() {
        AtomicInteger conversions = new AtomicInteger();
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), settings());
        for (int i = 0; i < 6; i++) {
            pipeline.onFrame(planarFrame(i, conversions));
        }
        pipeline.tick(after(5));
        assertEquals(1, finished.size());
        assertEquals(0, conversions.get(), "detected, cut and tracked from the planes");
        FinishedTracklet tracklet = finished.get(0);
        assertEquals("AB123CD", tracklet.tracklet().best().text());
        // Luma 126 of limited range is grey 128 in every channel of the crop.
        byte[] crop = tracklet.crop().bgr();
        for (int i = 0; i < crop.length; i++) {
            assertEquals(128, crop[i] & 0xff, 1, "crop byte " + i);
        }
        // The full frame is converted by whoever stores it (the recorder, off this thread).
        assertEquals(1280 * 720 * 3, tracklet.frame().bgr().length);
        assertEquals(1, conversions.get());
        assertEquals(0, pipeline.stats().failed());
        pipeline.close();
    }

    /**
     * A red car whose plate the scripted detector boxes at (545, 340), 200 x 50 frame pixels: a white
     * body, and with {@code band} Mercosur's blue band over the 15 rows above the box.
     */
    private static VideoFrame carFrame(long sequence, boolean band) {
        byte[] bgr = new byte[1280 * 720 * 3];
        for (int y = 0; y < 720; y++) {
            for (int x = 0; x < 1280; x++) {
                boolean plateColumns = x >= 545 && x < 745;
                int[] colour = plateColumns && y >= 340 && y < 390 ? new int[] {235, 235, 235}
                        : band && plateColumns && y >= 325 && y < 340 ? new int[] {168, 56, 0} : new int[] {40, 40, 170};
                int i = 3 * (y * 1280 + x);
                bgr[i] = (byte) colour[0];
                bgr[i + 1] = (byte) colour[1];
                bgr[i + 2] = (byte) colour[2];
            }
        }
        return new VideoFrame("cam", sequence, sequence * 200_000, Instant.ofEpochMilli(1_000_000 + sequence * 200), 1280, 720, bgr);
    }

    /** Read ABC1I34: Mercosur's format as it is, Brazil's older one with its fifth character a digit. The band decides. */
    @Test
    void aBrazilianTaskReadsTheFormatThePlatesLookSays() {
        TaskSettings brazil = new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(), List.of(), CountryFormat.rules("BR", List.of(), Map.of()), 5,
                TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS);
        for (boolean band : new boolean[] {true, false}) {
            finished.clear();
            TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("ABC1I34")), brazil);
            for (int i = 0; i < 3; i++) {
                pipeline.onFrame(carFrame(i, band));
            }
            pipeline.tick(after(2));
            assertEquals(band ? "ABC1I34" : "ABC1134", finished.get(0).tracklet().best().text(), band ? "a Mercosur plate" : "an older plate");
            assertTrue(finished.get(0).tracklet().matchesTemplate());
            pipeline.close();
        }
    }

    @Test
    void theReadSaysWhetherItIsAPlateAndTheTemplatesChooseItsText() {
        // Read with an edge as an eighth character; the country's template wants seven. The text
        // without it is the model's runner-up (a blank at 0.1 against the J's 0.85), its score under
        // the verification threshold, yet the detection is a plate: its own read is sure.
        TextRules rules = TextRules.of(List.of("[A-Z]{2}[0-9]{3}[A-Z]{2}"), Map.of());
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CDJ", 7, 0.1f)),
                new TaskSettings(0.4f, 0f, 0.2f, 4, 10, List.of(), List.of(), rules, 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        feed(pipeline, 3);
        pipeline.tick(after(2));
        assertEquals(0, pipeline.stats().rejected(), "verified on the reader's own read");
        assertEquals(1, finished.size());
        assertEquals("AB123CD", finished.get(0).tracklet().best().text());
        assertTrue(finished.get(0).best().read().matchesTemplate());
        pipeline.close();

        // With a recognition threshold above the pick's score, the read as it was stands (off-template).
        finished.clear();
        TaskPipeline strict = pipeline(models("b", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CDJ", 7, 0.1f)),
                new TaskSettings(0.4f, 0.5f, 0.2f, 4, 10, List.of(), List.of(), rules, 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        feed(strict, 3);
        strict.tick(after(2));
        assertEquals(1, finished.size());
        assertEquals("AB123CDJ", finished.get(0).tracklet().best().text());
        assertFalse(finished.get(0).best().read().matchesTemplate());
        strict.close();
    }

    @Test
    void whatTheReaderCannotReadIsNoPlate() {
        // A grille or a sign: the detector fires, the reader sees no character (confidence 0).
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("")), settings());
        feed(pipeline, 6);
        pipeline.tick(after(5));
        assertTrue(finished.isEmpty(), "no tracklet for what is not a plate");
        assertEquals(6, pipeline.stats().rejected());
        assertEquals(0, pipeline.stats().activeTracks());
        // A read of 0.95^7 = 0.70 passes 0.1 but not 0.8; 0 keeps every detection, even unread ones.
        pipeline.reconfigure(new TaskSettings(0.4f, 0.5f, 0f, 0, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        pipeline.onFrame(frame(10));
        assertEquals(1, pipeline.stats().activeTracks(), "with verification off the unread detection is tracked");
        pipeline.close();
        TaskPipeline strict = pipeline(models("b", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")),
                new TaskSettings(0.4f, 0.5f, 0.8f, 4, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        strict.onFrame(frame(0));
        assertEquals(1, strict.stats().rejected());
        strict.reconfigure(settings());
        strict.onFrame(frame(1));
        assertEquals(1, strict.stats().rejected(), "0.70 passes the default 0.1");
        assertEquals(1, strict.stats().activeTracks());
        strict.close();
        // Three characters are lettering beside a plate more often than a plate: under the default minimum of 4.
        TaskPipeline shortReads = pipeline(models("c", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB1")), settings());
        shortReads.onFrame(frame(0));
        assertEquals(1, shortReads.stats().rejected());
        shortReads.reconfigure(new TaskSettings(0.4f, 0.5f, 0.1f, 0, 10, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        shortReads.onFrame(frame(1));
        assertEquals(1, shortReads.stats().activeTracks(), "minCharacters 0 keeps short reads");
        shortReads.close();
    }

    @Test
    void aDetectorRunsAtTheSizeItsInputDeclares() {
        ScriptedSession session = ScriptedSession.detector(0, 0);
        assertArrayEquals(new int[] {512, 288}, PlateDetector.declaredInput(session));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new PlateDetector(session, 640, 360, 4));
        assertTrue(wrong.getMessage().contains("takes 512x288 frames, but its preprocessing says 640x360"), wrong.getMessage());
    }

    @Test
    void filtersApply() {
        TaskSettings tooSmall = new TaskSettings(0.4f, 0.5f, 0.1f, 4, 300, List.of(), List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS);
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), tooSmall);
        pipeline.onFrame(frame(0));
        assertEquals(0, pipeline.stats().detections(), "a 200 px plate is under minPlateWidth 300");
        pipeline.reconfigure(new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(), List.of(new float[] {0, 0, 1, 0, 1, 1, 0, 1}),
                new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL, TaskSettings.DEFAULT_SIGHTING_CROPS));
        pipeline.onFrame(frame(1));
        assertEquals(0, pipeline.stats().detections(), "the whole frame is masked");
        pipeline.reconfigure(settings());
        pipeline.onFrame(frame(2));
        assertEquals(1, pipeline.stats().detections(), "new settings apply from the next frame");
        pipeline.close();
    }

    /**
     * A zone over the middle of the frame: the detector looks at its area (640x360 of the 1280x720 frame) at twice the
     * whole frame's scale, its plates come back in the frame's pixels, and the task's stats say what it looked at.
     */
    @Test
    void aTaskWithAZoneDetectsInTheZonesAreaAndSaysSo() {
        TaskSettings zoned = new TaskSettings(0.4f, 0.5f, 0.1f, 4, 10, List.of(new float[] {0.3f, 0.3f, 0.7f, 0.3f, 0.7f, 0.7f, 0.3f, 0.7f}),
                List.of(), new TextRules(List.of(), Map.of()), 5, TaskSettings.DEFAULT_READER_VIEWS, TaskSettings.DEFAULT_SETTLED_READ_INTERVAL,
                TaskSettings.DEFAULT_SIGHTING_CROPS);
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), zoned);
        assertNull(pipeline.stats().detectionArea(), "no frame yet");
        feed(pipeline, 3);
        assertEquals(new DetectionArea.Looked(1280, 720, 320, 180, 640, 360, 2.0), pipeline.stats().detectionArea());
        pipeline.tick(after(2));
        assertEquals(1, finished.size());
        // Cell (36, 64) is centred at input (258, 146): area (322.5, 182.5) at scale 0.8, frame (642.5, 362.5); 80 input
        // pixels wide, 100 frame pixels (200 in the whole frame's letterbox, at 0.4).
        PlateDetection detection = finished.get(0).best().detection();
        assertEquals(100f, detection.width(), 0.01f);
        assertEquals(642.5f, detection.centerX(), 0.01f);
        assertEquals(362.5f, detection.centerY(), 0.01f);
        pipeline.reconfigure(settings());
        feed(pipeline, 1);
        assertEquals(new DetectionArea.Looked(1280, 720, 0, 0, 1280, 720, 1.0), pipeline.stats().detectionArea(), "no zones: the whole frame");
        pipeline.close();
    }

    @Test
    void aSwapTakesEffectBetweenFramesAndTracksCarryOn() throws Exception {
        ScriptedSession oldDetector = ScriptedSession.detector(36, 64);
        ScriptedSession oldReader = ScriptedSession.reader("AB123CD");
        TaskPipeline pipeline = pipeline(models("old", oldDetector, oldReader), settings());
        pipeline.onFrame(frame(0));
        pipeline.onFrame(frame(1));
        ScriptedSession newDetector = ScriptedSession.detector(36, 65);
        ScriptedSession newReader = ScriptedSession.reader("AB123CD");
        CompletableFuture<SwapOutcome> outcome = pipeline.swap(models("new", newDetector, newReader));
        assertFalse(outcome.isDone(), "the swap waits for the next frame");
        for (int i = 2; i < 2 + TaskPipeline.PROBATION_FRAMES; i++) {
            pipeline.onFrame(frame(i));
        }
        assertEquals(SwapResult.SUCCEEDED, outcome.get().result());
        assertTrue(oldDetector.closed && oldReader.closed, "the old models are closed after probation");
        assertEquals(2, oldDetector.runs);
        assertEquals(TaskPipeline.PROBATION_FRAMES, newDetector.runs);
        pipeline.tick(Instant.ofEpochMilli(1_000_000 + 20_000));
        assertEquals(1, finished.size(), "one car across the swap is still one tracklet");
        assertEquals(2 + TaskPipeline.PROBATION_FRAMES, finished.get(0).tracklet().observations().size());
        assertEquals("new-reader:1.0.0", finished.get(0).readerModel());
        pipeline.close();
    }

    @Test
    void aSwapThatFailsOnItsFirstFramesRollsBackWithoutLosingTheFrame() throws Exception {
        ScriptedSession oldDetector = ScriptedSession.detector(36, 64);
        TaskPipeline pipeline = pipeline(models("old", oldDetector, ScriptedSession.reader("AB123CD")), settings());
        pipeline.onFrame(frame(0));
        ScriptedSession badDetector = ScriptedSession.detector(36, 64);
        ScriptedSession badReader = ScriptedSession.reader("AB123CD");
        CompletableFuture<SwapOutcome> outcome = pipeline.swap(models("bad", badDetector, badReader));
        pipeline.onFrame(frame(1));
        badReader.failing = true;
        pipeline.onFrame(frame(2));
        SwapOutcome result = outcome.get();
        assertEquals(SwapResult.ROLLED_BACK, result.result());
        assertTrue(result.message().contains("scripted failure"), result.message());
        assertTrue(badDetector.closed && badReader.closed, "the failing models are closed");
        assertFalse(oldDetector.closed);
        assertEquals(0, pipeline.stats().failed(), "the frame that failed was run again on the old models");
        assertEquals(1, pipeline.stats().rollbacks());
        pipeline.onFrame(frame(3));
        pipeline.close();
        assertEquals(1, finished.size());
        List<Long> frames = new ArrayList<>();
        finished.get(0).tracklet().observations().forEach(o -> frames.add(o.frameSequence()));
        assertEquals(List.of(0L, 1L, 2L, 3L), frames, "every frame was seen, before, during and after the rollback");
    }

    @Test
    void aSwapsOutcomeIsCompletedWithThePipelineFree() throws Exception {
        // Whoever waits on an outcome may go on to take a lock (the task manager's) that is held by a caller
        // waiting for this pipeline (stop, archive, update): completed under the pipeline's lock, the two deadlocked.
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            TaskPipeline pipeline = pipeline(models("old", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), settings());
            pipeline.onFrame(frame(0));

            ScriptedSession failingReader = ScriptedSession.reader("AB123CD");
            CompletableFuture<SwapOutcome> rollback = pipeline.swap(models("bad", ScriptedSession.detector(36, 64), failingReader));
            CompletableFuture<Boolean> freeOnRollback = pipelineFreeWhenCompleted(rollback, pipeline, other);
            failingReader.failing = true;
            pipeline.onFrame(frame(1));
            assertEquals(SwapResult.ROLLED_BACK, rollback.get().result());
            assertTrue(freeOnRollback.get(10, TimeUnit.SECONDS), "a rollback's outcome, on the frame thread");

            CompletableFuture<SwapOutcome> probation = pipeline.swap(models("good", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")));
            CompletableFuture<Boolean> freeOnProbation = pipelineFreeWhenCompleted(probation, pipeline, other);
            for (int i = 2; i < 2 + TaskPipeline.PROBATION_FRAMES; i++) {
                pipeline.onFrame(frame(i));
            }
            assertEquals(SwapResult.SUCCEEDED, probation.get().result());
            assertTrue(freeOnProbation.get(10, TimeUnit.SECONDS), "a passed probation's outcome, on the frame thread");

            CompletableFuture<SwapOutcome> superseded = pipeline.swap(models("first", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")));
            CompletableFuture<Boolean> freeOnSuperseded = pipelineFreeWhenCompleted(superseded, pipeline, other);
            CompletableFuture<SwapOutcome> stopped = pipeline.swap(models("second", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")));
            CompletableFuture<Boolean> freeOnStop = pipelineFreeWhenCompleted(stopped, pipeline, other);
            assertEquals(SwapResult.SUPERSEDED, superseded.get().result());
            assertTrue(freeOnSuperseded.get(10, TimeUnit.SECONDS), "a superseded swap's outcome, in the next swap");
            pipeline.close();
            assertEquals(SwapResult.FAILED, stopped.get().result());
            assertTrue(freeOnStop.get(10, TimeUnit.SECONDS), "a pending swap's outcome, when the task stops");
        } finally {
            other.shutdownNow();
        }
    }

    /** Whether, as the outcome completes, another thread gets into the pipeline (its lock is free). */
    private static CompletableFuture<Boolean> pipelineFreeWhenCompleted(CompletableFuture<SwapOutcome> outcome, TaskPipeline pipeline,
            ExecutorService other) {
        assertFalse(outcome.isDone(), "not yet decided");
        return outcome.thenApply(result -> {
            try {
                other.submit(pipeline::stats).get(5, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void framesFailingInARowAreCountedUntilOneSucceeds() {
        ScriptedSession reader = ScriptedSession.reader("AB123CD");
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), reader), settings());
        pipeline.onFrame(frame(0));
        assertEquals(0, pipeline.stats().failingInARow());
        assertEquals(null, pipeline.stats().lastFailure());
        reader.failing = true;
        for (int i = 1; i <= 3; i++) {
            pipeline.onFrame(frame(i));
        }
        assertEquals(3, pipeline.stats().failingInARow());
        assertEquals(3, pipeline.stats().failed());
        assertTrue(pipeline.stats().lastFailure().contains("scripted failure"), pipeline.stats().lastFailure());
        reader.failing = false;
        pipeline.onFrame(frame(4));
        assertEquals(0, pipeline.stats().failingInARow());
        assertEquals(3, pipeline.stats().failed(), "the count of all failed frames stays");
        pipeline.close();
    }

    @Test
    void framesAPluginSkipsDoNotCountTowardsASwapsProbation() throws Exception {
        ScriptedSession oldDetector = ScriptedSession.detector(36, 64);
        TaskPipeline pipeline = pipeline(models("old", oldDetector, ScriptedSession.reader("AB123CD")), settings());
        pipeline.onFrame(frame(0));
        ScriptedSession newDetector = ScriptedSession.detector(36, 64);
        CompletableFuture<SwapOutcome> outcome = pipeline.swap(models("new", newDetector, ScriptedSession.reader("AB123CD")));
        plugins.add(new DetectorPlugin() {
            @Override
            public boolean accept(VideoFrame frame) {
                return false; // a motion gate over a still scene
            }
        });
        for (int i = 1; i <= 2 * TaskPipeline.PROBATION_FRAMES; i++) {
            pipeline.onFrame(frame(i));
        }
        assertFalse(outcome.isDone(), "the new models have not run yet");
        assertFalse(oldDetector.closed, "the old models stay ready to take over");
        plugins.clear();
        newDetector.failing = true;
        pipeline.onFrame(frame(2 * TaskPipeline.PROBATION_FRAMES + 1));
        assertEquals(SwapResult.ROLLED_BACK, outcome.get().result(), "the first frame they ran on failed: rolled back");
        assertEquals(0, pipeline.stats().failed());
        pipeline.close();
    }

    @Test
    void aPluginCanVetoFramesAndAFailingPluginFailsNoFrame() {
        TaskPipeline pipeline = pipeline(models("a", ScriptedSession.detector(36, 64), ScriptedSession.reader("AB123CD")), settings());
        DetectorPlugin gate = new DetectorPlugin() {
            @Override
            public boolean accept(VideoFrame frame) {
                return frame.sequence() % 2 == 0;
            }
        };
        DetectorPlugin broken = new DetectorPlugin() {
            @Override
            public List<Map<String, String>> annotate(VideoFrame frame, List<io.platewise.recognition.api.PlateDetection> detections) {
                throw new IllegalStateException("bundle stopping");
            }
        };
        plugins.add(gate);
        plugins.add(broken);
        feed(pipeline, 4);
        assertEquals(2, pipeline.stats().skipped());
        assertEquals(2, pipeline.stats().detections());
        assertEquals(0, pipeline.stats().failed());
        plugins.clear();
        pipeline.onFrame(frame(4));
        assertEquals(3, pipeline.stats().detections(), "a plugin that left vetoes nothing");
        pipeline.close();
    }
}
