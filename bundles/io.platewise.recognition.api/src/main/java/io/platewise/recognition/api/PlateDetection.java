package io.platewise.recognition.api;

/**
 * A plate found in a frame, in the frame's pixels.
 *
 * @param corners the plate's corners x,y: top-left, top-right, bottom-right, bottom-left (8 values)
 * @param score   the detector's confidence, 0 to 1
 */
public record PlateDetection(float x, float y, float width, float height, float[] corners, float score) {

    public PlateDetection {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("A detection needs a positive size");
        }
        if (corners == null || corners.length != 8) {
            corners = new float[] {x, y, x + width, y, x + width, y + height, x, y + height};
        }
    }

    public float centerX() {
        return x + width / 2;
    }

    public float centerY() {
        return y + height / 2;
    }

    /** Intersection over union of the two boxes. */
    public float iou(PlateDetection other) {
        float left = Math.max(x, other.x);
        float top = Math.max(y, other.y);
        float right = Math.min(x + width, other.x + other.width);
        float bottom = Math.min(y + height, other.y + other.height);
        if (right <= left || bottom <= top) {
            return 0;
        }
        float intersection = (right - left) * (bottom - top);
        return intersection / (width * height + other.width * other.height - intersection);
    }

    /** The same box moved by (dx, dy). */
    public PlateDetection moved(float dx, float dy) {
        float[] moved = corners.clone();
        for (int i = 0; i < 8; i += 2) {
            moved[i] += dx;
            moved[i + 1] += dy;
        }
        return new PlateDetection(x + dx, y + dy, width, height, moved, score);
    }
}
