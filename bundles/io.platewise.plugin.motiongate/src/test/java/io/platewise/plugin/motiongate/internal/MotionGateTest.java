package io.platewise.plugin.motiongate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.platewise.video.FramePixels;
import io.platewise.video.VideoFrame;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MotionGateTest {

    private static VideoFrame frame(String camera, long millis, int squareX) {
        int width = 320;
        int height = 180;
        byte[] bgr = new byte[width * height * 3];
        Arrays.fill(bgr, (byte) 90);
        for (int y = 60; y < 120; y++) {
            for (int x = squareX; x < squareX + 60; x++) {
                Arrays.fill(bgr, 3 * (y * width + x), 3 * (y * width + x) + 3, (byte) 240);
            }
        }
        return new VideoFrame(camera, millis, millis * 1000, Instant.ofEpochMilli(millis), width, height, bgr);
    }

    /** The same picture as a decoder keeps it: limited-range luma, grey chroma; converting it is an error here. */
    private static VideoFrame planarFrame(String camera, long millis, int squareX) {
        VideoFrame packed = frame(camera, millis, squareX);
        int width = packed.width();
        int height = packed.height();
        byte[] y = new byte[width * height];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) Math.round(16 + (packed.bgr()[3 * i] & 0xff) * 219 / 255.0);
        }
        byte[] grey = new byte[width * height / 4];
        Arrays.fill(grey, (byte) 128);
        FramePixels.Yuv420 planes = new FramePixels.Yuv420(width, height, y, grey, grey.clone(), false);
        FramePixels pixels = new FramePixels() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public byte[] bgr() {
                throw new AssertionError("the gate converted a frame to BGR");
            }

            @Override
            public Yuv420 yuv420() {
                return planes;
            }
        };
        return new VideoFrame(camera, millis, millis * 1000, Instant.ofEpochMilli(millis), pixels);
    }

    @Test
    void framesKeptAsPlanesAreGatedOnTheirLumaWithoutConversion() {
        float[] fromBgr = MotionGate.thumbnail(frame("a", 0, 10));
        float[] fromLuma = MotionGate.thumbnail(planarFrame("a", 0, 10));
        for (int i = 0; i < fromBgr.length; i++) {
            assertEquals(fromBgr[i], fromLuma[i], 0.6f, "cell " + i + " in grey levels");
        }
        MotionGate gate = new MotionGate(1.5, 60_000);
        assertTrue(gate.accept(planarFrame("a", 0, 10)));
        assertFalse(gate.accept(planarFrame("a", 200, 10)));
        assertTrue(gate.accept(planarFrame("a", 400, 80)), "the square moved");
    }

    @Test
    void stillFramesAreSkippedAndMovingOnesPass() {
        MotionGate gate = new MotionGate(1.5, 60_000);
        assertTrue(gate.accept(frame("a", 0, 10)), "the first frame of a camera always passes");
        assertFalse(gate.accept(frame("a", 200, 10)), "the same picture again is still");
        assertFalse(gate.accept(frame("a", 400, 10)));
        assertTrue(gate.accept(frame("a", 600, 80)), "the square moved");
    }

    @Test
    void camerasAreGatedSeparately() {
        MotionGate gate = new MotionGate(1.5, 60_000);
        gate.accept(frame("a", 0, 10));
        assertTrue(gate.accept(frame("b", 100, 10)), "camera b's first frame is not compared with camera a's");
        assertFalse(gate.accept(frame("a", 200, 10)));
    }

    @Test
    void aStillSceneStillGetsAFrameThroughNowAndThen() {
        MotionGate gate = new MotionGate(1.5, 1000);
        gate.accept(frame("a", 0, 10));
        assertFalse(gate.accept(frame("a", 500, 10)));
        assertTrue(gate.accept(frame("a", 1000, 10)), "maxSkipMillis since the last accepted frame");
        assertFalse(gate.accept(frame("a", 1500, 10)));
    }
}
