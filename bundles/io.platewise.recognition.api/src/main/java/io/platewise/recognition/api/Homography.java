package io.platewise.recognition.api;

/**
 * The perspective transform between two quadrilaterals, such as a plate's corners in a frame
 * ({@link PlateDetection#corners()}) and an upright rectangle: what rectifies a plate crop, and what
 * the synthetic generator uses to paste a plate into a scene.
 */
public final class Homography {

    private Homography() {
    }

    /**
     * The 3x3 projective transform (h33 = 1, returned as its other 8 entries, row by row) that maps
     * the four points {@code from} (x1, y1, ..., x4, y4) onto {@code to}; solved as the usual 8x8
     * linear system with partial pivoting.
     *
     * @throws IllegalArgumentException when the points are degenerate (three in a line)
     */
    public static double[] between(double[] from, double[] to) {
        double[][] a = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i];
            double y = from[2 * i + 1];
            double u = to[2 * i];
            double v = to[2 * i + 1];
            a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int column = 0; column < 8; column++) {
            int pivot = column;
            for (int row = column + 1; row < 8; row++) {
                if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) {
                    pivot = row;
                }
            }
            double[] swap = a[column];
            a[column] = a[pivot];
            a[pivot] = swap;
            if (Math.abs(a[column][column]) < 1e-12) {
                throw new IllegalArgumentException("The quadrilateral is degenerate (three corners in a line)");
            }
            for (int row = 0; row < 8; row++) {
                if (row != column) {
                    double factor = a[row][column] / a[column][column];
                    for (int k = column; k < 9; k++) {
                        a[row][k] -= factor * a[column][k];
                    }
                }
            }
        }
        double[] h = new double[8];
        for (int i = 0; i < 8; i++) {
            h[i] = a[i][8] / a[i][i];
        }
        return h;
    }
}
