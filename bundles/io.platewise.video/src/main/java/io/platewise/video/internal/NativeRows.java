package io.platewise.video.internal;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/** Native frames of our own, and rows between their planes (whose stride may pad them) and packed Java arrays. */
final class NativeRows {

    private NativeRows() {
    }

    /** A frame with its buffers, rows aligned to {@code align} bytes (0 for FFmpeg's choice). */
    static AVFrame allocate(int format, int width, int height, int align) {
        AVFrame frame = av_frame_alloc();
        frame.format(format);
        frame.width(width);
        frame.height(height);
        if (av_frame_get_buffer(frame, align) < 0) {
            av_frame_free(frame);
            throw new IllegalStateException("Cannot allocate a " + width + "x" + height + " frame");
        }
        return frame;
    }

    static void copyOut(BytePointer plane, int stride, byte[] into, int rowBytes, int rows) {
        if (stride == rowBytes) {
            plane.get(into, 0, rowBytes * rows);
            return;
        }
        for (int row = 0; row < rows; row++) {
            plane.position((long) row * stride).get(into, row * rowBytes, rowBytes);
        }
        plane.position(0);
    }

    static void copyIn(byte[] from, BytePointer plane, int stride, int rowBytes, int rows) {
        if (stride == rowBytes) {
            plane.put(from, 0, rowBytes * rows);
            return;
        }
        for (int row = 0; row < rows; row++) {
            plane.position((long) row * stride).put(from, row * rowBytes, rowBytes);
        }
        plane.position(0);
    }
}
