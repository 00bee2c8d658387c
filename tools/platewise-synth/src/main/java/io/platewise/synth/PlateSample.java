package io.platewise.synth;

import java.awt.image.BufferedImage;

/**
 * A rendered image with one plate in it.
 *
 * @param quad  the plate's corners in the image: top-left, top-right, bottom-right, bottom-left (x, y each)
 * @param label the plate's characters, without separators
 */
record PlateSample(BufferedImage image, double[] quad, String printed, String label, PlateLayout layout) {

    /** The axis-aligned box around the quad, clipped to the image: x, y, width, height. */
    int[] box() {
        double minX = Math.min(Math.min(quad[0], quad[2]), Math.min(quad[4], quad[6]));
        double maxX = Math.max(Math.max(quad[0], quad[2]), Math.max(quad[4], quad[6]));
        double minY = Math.min(Math.min(quad[1], quad[3]), Math.min(quad[5], quad[7]));
        double maxY = Math.max(Math.max(quad[1], quad[3]), Math.max(quad[5], quad[7]));
        int x = (int) Math.max(0, Math.floor(minX));
        int y = (int) Math.max(0, Math.floor(minY));
        int right = (int) Math.min(image.getWidth(), Math.ceil(maxX));
        int bottom = (int) Math.min(image.getHeight(), Math.ceil(maxY));
        return new int[] {x, y, right - x, bottom - y};
    }
}
