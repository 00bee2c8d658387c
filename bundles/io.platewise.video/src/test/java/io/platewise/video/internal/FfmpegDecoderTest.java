package io.platewise.video.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.video.FramePixels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FfmpegDecoderTest {

    @TempDir
    Path folder;

    record Decoded(List<Long> decodedTimestamps, List<long[]> sampled, List<FramePixels> pixels, FfmpegDecoder.End end) {
    }

    static CameraSettings file(Path path, double fps, int maxWidth, int maxHeight) {
        return CameraSettings.fromMap(Map.of("id", "test", "source", path.toString(), "analysisFps", fps,
                "maxWidth", maxWidth, "maxHeight", maxHeight, "realtime", false, "hardwareDecoding", "software"));
    }

    static Decoded decode(CameraSettings settings) throws Exception {
        List<Long> decoded = new ArrayList<>();
        List<long[]> sampled = new ArrayList<>();
        List<FramePixels> pixels = new ArrayList<>();
        try (FfmpegDecoder decoder = FfmpegDecoder.open(settings, new Interrupt())) {
            FfmpegDecoder.End end = decoder.run(new FrameSampler(settings.analysisFps()), new FfmpegDecoder.Sink() {
                @Override
                public void decoded(long timestampMicros) {
                    decoded.add(timestampMicros);
                }

                @Override
                public void sampled(long timestampMicros, FramePixels frame) {
                    sampled.add(new long[] {timestampMicros, frame.width(), frame.height()});
                    pixels.add(frame);
                }
            });
            return new Decoded(decoded, sampled, pixels, end);
        }
    }

    @ParameterizedTest
    @CsvSource({"libopenh264, clip.mp4", "mpeg4, clip.mkv"})
    void decodesEveryFrameWithRisingTimestampsAndTheRightContent(String encoder, String name) throws Exception {
        Path clip = TestClips.write(folder.resolve(name), encoder, 320, 240, 25, 50);
        Decoded result = decode(file(clip, 0, 0, 0));
        assertEquals(FfmpegDecoder.End.END_OF_INPUT, result.end());
        assertEquals(50, result.decodedTimestamps().size());
        assertEquals(50, result.sampled().size());
        for (int i = 1; i < result.decodedTimestamps().size(); i++) {
            assertTrue(result.decodedTimestamps().get(i) > result.decodedTimestamps().get(i - 1), "timestamps rise");
        }
        assertEquals(40_000, result.decodedTimestamps().get(1) - result.decodedTimestamps().get(0), 2_000, "25 fps");
        // Frame content survives encode and decode: the corner's blue channel encodes the frame index.
        for (int i : new int[] {0, 17, 49}) {
            int blue = result.pixels().get(i).bgr()[0] & 0xff;
            assertEquals(TestClips.expectedLevel(i), blue, 12, "frame " + i);
        }
    }

    @Test
    void samplesBeforeConversionAndCapsResolution() throws Exception {
        Path clip = TestClips.write(folder.resolve("clip.mp4"), "libopenh264", 640, 360, 25, 100);
        Decoded result = decode(file(clip, 5, 320, 0));
        assertEquals(100, result.decodedTimestamps().size(), "every frame is decoded");
        assertEquals(20, result.sampled().size(), 1, "5 of 25 frames per second are kept");
        long[] first = result.sampled().get(0);
        assertEquals(320, first[1]);
        assertEquals(180, first[2]);
        assertEquals(320 * 180 * 3, result.pixels().get(0).bgr().length);
        assertNull(result.pixels().get(0).yuv420(), "a scaled frame is converted to BGR as it is scaled");
        long gap = result.sampled().get(2)[0] - result.sampled().get(1)[0];
        assertEquals(200_000, gap, 1, "one kept frame every 200 ms");
    }

    @Test
    void keepsFramesAsPlanesAndConvertsOnlyTheOnesAskedFor() throws Exception {
        Path clip = TestClips.write(folder.resolve("clip.mp4"), "libopenh264", 320, 240, 25, 10);
        List<PlanarPixels> kept = new ArrayList<>();
        byte[][] whileOpen = new byte[1][];
        try (FfmpegDecoder decoder = FfmpegDecoder.open(file(clip, 0, 0, 0), new Interrupt())) {
            decoder.run(new FrameSampler(0), new FfmpegDecoder.Sink() {
                @Override
                public void decoded(long timestampMicros) {
                }

                @Override
                public void sampled(long timestampMicros, FramePixels pixels) {
                    PlanarPixels planes = assertInstanceOf(PlanarPixels.class, pixels, "an unscaled 4:2:0 frame stays planes");
                    assertFalse(planes.converted());
                    if (kept.isEmpty()) {
                        whileOpen[0] = planes.bgr();
                        assertTrue(planes.converted());
                        assertSame(whileOpen[0], planes.bgr(), "converted once");
                    }
                    kept.add(planes);
                }
            });
        }
        assertEquals(10, kept.size());
        assertFalse(kept.get(5).converted(), "a frame nobody asked for is never converted");
        FramePixels.Yuv420 first = kept.get(0).yuv420();
        assertEquals(320 * 240, first.y().length);
        assertFalse(first.fullRange());
        // libswscale's colours, and the Java conversion that frames outliving their decoder get, agree.
        byte[] inJava = Yuv420Colours.toBgr(first);
        // (libswscale's SIMD converter keeps fewer fractional bits and truncates: about a level darker.)
        int largest = 0;
        long sum = 0;
        for (int i = 0; i < inJava.length; i++) {
            int difference = Math.abs((inJava[i] & 0xff) - (whileOpen[0][i] & 0xff));
            largest = Math.max(largest, difference);
            sum += difference;
        }
        assertTrue(largest <= 3 && sum < 1.5 * inJava.length, "largest difference " + largest + ", mean " + (double) sum / inJava.length);
        byte[] afterClose = kept.get(5).bgr();
        assertEquals(320 * 240 * 3, afterClose.length);
        assertEquals(TestClips.expectedLevel(5), afterClose[0] & 0xff, 12, "the corner's blue still encodes the frame index");
    }

    @Test
    void missingFileIsAClearRetryableError() {
        SourceException error = assertThrows(SourceException.class,
                () -> decode(file(folder.resolve("nope.mp4"), 5, 0, 0)));
        assertTrue(error.getMessage().startsWith("File not found"), error.getMessage());
        assertFalse(error.permanent(), "the file may still appear");
    }

    @Test
    void corruptFileIsAClearError() throws Exception {
        Path garbage = folder.resolve("garbage.mp4");
        byte[] noise = new byte[200_000];
        new Random(1).nextBytes(noise);
        Files.write(garbage, noise);
        SourceException error = assertThrows(SourceException.class, () -> decode(file(garbage, 5, 0, 0)));
        assertTrue(error.getMessage().contains(garbage.toString()), error.getMessage());
    }

    @Test
    void truncatedFileDecodesWhatIsThereAndEndsCleanly() throws Exception {
        Path clip = TestClips.write(folder.resolve("whole.mkv"), "mpeg4", 320, 240, 25, 100);
        byte[] bytes = Files.readAllBytes(clip);
        Path truncated = Files.write(folder.resolve("cut.mkv"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Decoded result = decode(file(truncated, 0, 0, 0));
        assertEquals(FfmpegDecoder.End.END_OF_INPUT, result.end());
        assertTrue(result.decodedTimestamps().size() > 20 && result.decodedTimestamps().size() < 100,
                "decoded " + result.decodedTimestamps().size() + " of 100 frames");
    }

    @Test
    void truncatedMp4WithoutIndexIsAClearError() throws Exception {
        Path clip = TestClips.write(folder.resolve("whole.mp4"), "libopenh264", 320, 240, 25, 50);
        byte[] bytes = Files.readAllBytes(clip);
        // MP4 writes its index at the end: without it, nothing can be decoded.
        Path truncated = Files.write(folder.resolve("cut.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        SourceException error = assertThrows(SourceException.class, () -> decode(file(truncated, 0, 0, 0)));
        assertTrue(error.getMessage().contains("cut.mp4"), error.getMessage());
    }

    @Test
    void unreachableRtspHostIsAClearError() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CameraSettings settings = CameraSettings.fromMap(Map.of("id", "rtsp", "source", "rtsp://127.0.0.1:" + port + "/live"));
        SourceException error = assertThrows(SourceException.class, () -> decode(settings));
        assertTrue(error.getMessage().contains("refused"), error.getMessage());
        assertFalse(error.permanent());
    }

    @Test
    void cappedSizeKeepsAspectAndEvenSides() {
        assertEquals(List.of(1280, 720), toList(FfmpegDecoder.cappedSize(1920, 1080, 1280, 0)));
        assertEquals(List.of(640, 360), toList(FfmpegDecoder.cappedSize(1920, 1080, 1280, 360)));
        assertEquals(List.of(800, 600), toList(FfmpegDecoder.cappedSize(800, 600, 0, 0)));
        assertEquals(List.of(334, 250), toList(FfmpegDecoder.cappedSize(801, 600, 0, 250)));
    }

    private static List<Integer> toList(int[] size) {
        return List.of(size[0], size[1]);
    }
}
