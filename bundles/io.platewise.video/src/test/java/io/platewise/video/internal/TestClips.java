package io.platewise.video.internal;

import io.platewise.video.encode.ClipWriter;

import java.nio.file.Path;

/** Synthetic clips encoded with FFmpeg at test time: frame i is a flat colour that encodes i, with a moving square. */
final class TestClips {

    private TestClips() {
    }

    static Path write(Path file, String encoder, int width, int height, int fps, int frames) throws Exception {
        try (ClipWriter writer = new ClipWriter(file, encoder, width, height, fps, 2_000_000)) {
            for (int i = 0; i < frames; i++) {
                writer.write(frame(width, height, i));
            }
        }
        return file;
    }

    static byte[] frame(int width, int height, int index) {
        byte[] bgr = new byte[width * height * 3];
        int level = (index * 37) % 200 + 30;
        for (int p = 0; p < width * height; p++) {
            bgr[p * 3] = (byte) level;
            bgr[p * 3 + 1] = (byte) (255 - level);
            bgr[p * 3 + 2] = (byte) 128;
        }
        int side = Math.max(8, height / 6);
        int x0 = (index * 7) % Math.max(1, width - side);
        for (int y = 0; y < side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                int p = (y + height / 3) * width + x;
                bgr[p * 3] = bgr[p * 3 + 1] = bgr[p * 3 + 2] = (byte) 255;
            }
        }
        return bgr;
    }

    /** The blue channel at the top-left corner, which frame() sets from the index. */
    static int expectedLevel(int index) {
        return (index * 37) % 200 + 30;
    }
}
