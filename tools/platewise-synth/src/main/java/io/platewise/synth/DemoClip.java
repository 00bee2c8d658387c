package io.platewise.synth;

import io.platewise.video.encode.ClipWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo camera's clip: cars with plates of several regions drive towards a gate camera, one
 * every few seconds, encoded as H.264 with FFmpeg. Beside it, a CSV with every plate's text, box,
 * corners and heading in every frame, so tests can check what the pipeline reads. With
 * {@link Traffic#MIXED} the same cars also drive away from the camera and across its view.
 */
final class DemoClip {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    /** The largest frame a clip is drawn at (4K). */
    static final int MAX_WIDTH = 3840;
    static final int MAX_HEIGHT = 2160;
    static final int FPS = 25;
    private static final double CAR_SECONDS = 5.0;
    private static final double CAR_EVERY_SECONDS = 4.0;

    /** Which ways the clip's cars drive. */
    enum Traffic {
        /** Every car towards the camera, as the demo's. */
        TOWARDS,
        /** Each car towards the camera, away from it, or across its view (either way), a third each. */
        MIXED
    }

    /** How one car moves, as the tracklet's heading names it. */
    enum Motion { APPROACHING, RECEDING, CROSSING }

    /**
     * @param depth    for a car crossing: how near it passes, 0 (far) to 1 (near), on the approach's scale
     * @param leftward for a car crossing: from right to left
     */
    private record Car(double start, PlateLayout layout, String printed, BufferedImage plate, Color paint, double lane, long shapeSeed,
            Motion motion, double depth, boolean leftward) {

        /**
         * Where the car is at this point of its pass (0 to 1) in a frame of this size: its plate's centre and width
         * at a plate scale of 1. The same view at any size: a larger frame is a camera of more pixels, not a wider view.
         */
        double[] place(double progress, int width, int height) {
            double near = switch (motion) {
                case APPROACHING -> progress;
                case RECEDING -> 1 - progress;
                case CROSSING -> depth;
            };
            // From far (small, high in the picture) to near (large, low).
            double scale = 0.25 + 0.75 * near * near;
            double centerX = motion == Motion.CROSSING ? width * (leftward ? 0.85 - 0.7 * progress : 0.15 + 0.7 * progress)
                    : width * (0.5 + (lane - 0.5) * (1.2 - scale * 0.6));
            return new double[] {centerX, height * (0.48 + 0.40 * near), 300 * scale * (height / (double) HEIGHT)};
        }
    }

    private DemoClip() {
    }

    /** The demo clip: the demo layouts in the stroke font, plates 75 to 300 pixels wide. @return the number of frames written */
    static int write(Path video, Path labels, int seconds, long seed) throws IOException {
        return write(video, labels, seconds, seed, PlateLayout.DEMO_LAYOUTS, Lettering.strokeOnly(), 1.0);
    }

    /**
     * A clip of cars driving towards the camera, as the demo's, with plates of these layouts in this
     * lettering, {@code plateScale} times the demo's width (smaller for a camera farther away).
     *
     * @return the number of frames written
     */
    static int write(Path video, Path labels, int seconds, long seed, List<PlateLayout> layouts, Lettering lettering, double plateScale)
            throws IOException {
        return write(video, labels, seconds, seed, layouts, lettering, plateScale, 0);
    }

    /**
     * As above, with {@code sensorNoise} (a standard deviation in grey levels) added to every pixel of
     * every frame, as a camera's sensor adds it: such a clip costs a decoder what a camera's stream
     * costs, where the flat rendered frames decode several times faster. 0 adds the demo's light
     * sprinkle only.
     *
     * @return the number of frames written
     */
    static int write(Path video, Path labels, int seconds, long seed, List<PlateLayout> layouts, Lettering lettering, double plateScale,
            double sensorNoise) throws IOException {
        return write(video, labels, seconds, seed, layouts, lettering, plateScale, sensorNoise, Traffic.TOWARDS);
    }

    /**
     * As above, with the cars driving as {@code traffic} says. The cars, their plates and their times
     * are those of {@link Traffic#TOWARDS} for the same seed; only how they move differs.
     *
     * @return the number of frames written
     */
    static int write(Path video, Path labels, int seconds, long seed, List<PlateLayout> layouts, Lettering lettering, double plateScale,
            double sensorNoise, Traffic traffic) throws IOException {
        return write(video, labels, seconds, seed, layouts, lettering, plateScale, sensorNoise, traffic, WIDTH, HEIGHT);
    }

    /**
     * As above, in frames of this size (even sides up to 4K): the same scene and cars, plates as many
     * pixels wider as the frame is taller than 720p, as a camera of more pixels sees them.
     *
     * @return the number of frames written
     */
    static int write(Path video, Path labels, int seconds, long seed, List<PlateLayout> layouts, Lettering lettering, double plateScale,
            double sensorNoise, Traffic traffic, int width, int height) throws IOException {
        if (width < 320 || height < 180 || width > MAX_WIDTH || height > MAX_HEIGHT || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("A clip's frames are 320x180 to " + MAX_WIDTH + "x" + MAX_HEIGHT + " with even sides, not "
                    + width + "x" + height);
        }
        Random random = new Random(seed);
        Random ways = new Random(seed ^ 0x7a4f1c);
        BufferedImage background = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D backgroundGraphics = background.createGraphics();
        backgroundGraphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        SceneRenderer.drawStreet(backgroundGraphics, width, height, random);
        backgroundGraphics.dispose();

        List<Car> cars = new ArrayList<>();
        for (double start = 0.3; start < seconds; start += CAR_EVERY_SECONDS) {
            PlateLayout layout = layouts.get(random.nextInt(layouts.size()));
            String printed = layout.randomText(random);
            BufferedImage plate = PlateRenderer.render(layout, printed, 360, random, lettering);
            Color paint = new Color(random.nextInt(200), random.nextInt(200), random.nextInt(200));
            double lane = 0.35 + random.nextDouble() * 0.3;
            long shapeSeed = random.nextLong();
            Motion motion = traffic == Traffic.MIXED ? Motion.values()[ways.nextInt(Motion.values().length)] : Motion.APPROACHING;
            cars.add(new Car(start, layout, printed, plate, paint, lane, shapeSeed, motion, 0.55 + 0.3 * ways.nextDouble(), ways.nextBoolean()));
        }
        Files.createDirectories(video.toAbsolutePath().getParent());
        int frames = seconds * FPS;
        try (ClipWriter writer = new ClipWriter(video, "libopenh264", width, height, FPS, 4_000_000);
                Writer csv = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
            csv.write("frame,time_ms,plate,layout,x,y,w,h,x1,y1,x2,y2,x3,y3,x4,y4,heading\n");
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Random noise = new Random(seed ^ 0x5eed);
            int[] sensorSamples = sensorNoise > 0 ? gaussianSamples(sensorNoise, noise) : null;
            for (int index = 0; index < frames; index++) {
                double time = (double) index / FPS;
                Graphics2D g = frame.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.drawImage(background, 0, 0, null);
                List<Object[]> visible = new ArrayList<>();
                for (Car car : cars) {
                    double progress = (time - car.start()) / CAR_SECONDS;
                    if (progress < 0 || progress > 1) {
                        continue;
                    }
                    double[] place = car.place(progress, width, height);
                    double centerX = place[0];
                    double centerY = place[1];
                    double plateWidth = place[2] * plateScale;
                    g.setColor(car.paint());
                    SceneRenderer.drawCar(g, centerX, centerY, plateWidth, new Random(car.shapeSeed()));
                    double[] quad = SceneRenderer.perspectiveQuad(centerX, centerY, plateWidth, plateWidth / car.layout().aspect,
                            new Random(car.shapeSeed()));
                    visible.add(new Object[] {car, quad});
                }
                g.dispose();
                for (Object[] entry : visible) {
                    Car car = (Car) entry[0];
                    double[] quad = (double[]) entry[1];
                    Warp.paste(frame, car.plate(), quad);
                    PlateSample sample = new PlateSample(frame, quad, car.printed(), PlateLayout.label(car.printed()), car.layout());
                    int[] box = sample.box();
                    csv.write(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%s%n", index,
                            Math.round(time * 1000), sample.label(), car.layout().name(), box[0], box[1], box[2], box[3], quad[0],
                            quad[1], quad[2], quad[3], quad[4], quad[5], quad[6], quad[7], car.motion()));
                }
                byte[] pixels = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
                if (sensorNoise > 0) {
                    addSensorNoise(pixels, sensorSamples, noise);
                } else {
                    // Light sensor noise, different in every frame, as a real camera has.
                    for (int i = 0; i < 4000; i++) {
                        int p = noise.nextInt(pixels.length);
                        pixels[p] = (byte) PlateRenderer.clamp((pixels[p] & 0xff) + noise.nextInt(31) - 15);
                    }
                }
                writer.write(pixels);
            }
        }
        return frames;
    }

    /** 2^16 samples of Gaussian noise of this standard deviation, rounded to grey levels. */
    private static int[] gaussianSamples(double deviation, Random random) {
        int[] table = new int[1 << 16];
        for (int i = 0; i < table.length; i++) {
            table[i] = (int) Math.round(random.nextGaussian() * deviation);
        }
        return table;
    }

    /** The table's noise on every byte, walked with an odd stride from a new start each frame: no pattern repeats between frames. */
    private static void addSensorNoise(byte[] pixels, int[] table, Random random) {
        int at = random.nextInt(table.length);
        int stride = random.nextInt(table.length / 2) * 2 + 1;
        for (int i = 0; i < pixels.length; i++) {
            at = (at + stride) & (table.length - 1);
            pixels[i] = (byte) PlateRenderer.clamp((pixels[i] & 0xff) + table[at]);
        }
    }
}
