package io.platewise.video.decode;

import io.platewise.video.VideoFrame;
import io.platewise.video.internal.ClipDecoding;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a video file on the calling thread with the same decoder and sampler as cameras use, but
 * without pacing it to its frame rate: what benchmarks and off-line tools need.
 */
public final class ClipReader {

    /** What the reader hands over. */
    public interface Frames {
        /** Every decoded frame, kept or not. */
        void decoded(long timestampMicros);

        /** The frames the sampler kept (as planes or packed BGR: see {@link io.platewise.video.FramePixels}). */
        void sampled(VideoFrame frame);
    }

    private ClipReader() {
    }

    /**
     * @param analysisFps frames per second to keep; 0 keeps every frame, a negative value keeps none
     *                    (decoding only, nothing converted)
     * @param maxWidth    kept frames are scaled down to this width when wider; 0 for none
     */
    public static void read(Path file, double analysisFps, int maxWidth, Frames frames) throws IOException, InterruptedException {
        ClipDecoding.read(file, analysisFps, maxWidth, frames);
    }
}
