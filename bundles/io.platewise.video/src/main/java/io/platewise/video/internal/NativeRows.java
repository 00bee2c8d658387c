package io.platewise.video.internal;

import org.bytedeco.javacpp.BytePointer;

/** Rows between a native plane, whose stride may pad them, and a packed Java array. */
final class NativeRows {

    private NativeRows() {
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
