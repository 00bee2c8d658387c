package io.platewise.video.internal;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.platewise.video.FramePixels.Yuv420;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Converts a decoder's kept planes to packed BGR with libswscale, as the decoder converts the frames
 * it cannot keep as planes (same flags, so the same bytes). Frames outlive their decoder (they wait
 * in queues while a camera reconnects), so after {@link #close()} it converts in Java instead,
 * slower but to the same colours within rounding. Thread-safe: pipelines of several tasks call it.
 */
final class BgrConversion implements AutoCloseable {

    private SwsContext context;
    private AVFrame source;
    private AVFrame target;
    private boolean closed;

    synchronized byte[] toBgr(Yuv420 planes) {
        if (closed) {
            return Yuv420Colours.toBgr(planes);
        }
        int width = planes.width();
        int height = planes.height();
        int format = planes.fullRange() ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P;
        if (source == null || source.width() != width || source.height() != height || source.format() != format) {
            free();
            source = NativeRows.allocate(format, width, height, 0);
            target = NativeRows.allocate(AV_PIX_FMT_BGR24, width, height, 0);
        }
        context = sws_getCachedContext(context, width, height, format, width, height, AV_PIX_FMT_BGR24, FfmpegDecoder.SCALING_FLAGS,
                null, null, (DoublePointer) null);
        NativeRows.copyIn(planes.y(), source.data(0), source.linesize(0), width, height);
        NativeRows.copyIn(planes.u(), source.data(1), source.linesize(1), width / 2, height / 2);
        NativeRows.copyIn(planes.v(), source.data(2), source.linesize(2), width / 2, height / 2);
        sws_scale(context, source.data(), source.linesize(), 0, height, target.data(), target.linesize());
        byte[] bgr = new byte[3 * width * height];
        NativeRows.copyOut(target.data(0), target.linesize(0), bgr, 3 * width, height);
        return bgr;
    }

    private void free() {
        if (source != null) {
            av_frame_free(source);
            source = null;
        }
        if (target != null) {
            av_frame_free(target);
            target = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        free();
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
    }
}
