package io.platewise.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic dataset in the layout of the real ones ({@code labels.csv} beside the
 * images): full scenes with boxes and corners for detectors, or rectified plate crops for readers.
 */
final class DatasetWriter {

    private DatasetWriter() {
    }

    static void scenes(Path folder, int count, int width, int height, long seed, Path backgroundsFolder, Lettering lettering,
            SceneRenderer.PlateWidths plateWidths) throws IOException {
        Files.createDirectories(folder);
        SceneRenderer renderer = new SceneRenderer(loadBackgrounds(backgroundsFolder), lettering, plateWidths);
        try (Writer csv = Files.newBufferedWriter(folder.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            csv.write("image,x,y,w,h,plate,layout,x1,y1,x2,y2,x3,y3,x4,y4\n");
            for (int i = 0; i < count; i++) {
                // One generator per image: image i is the same whatever the count.
                PlateSample sample = renderer.render(width, height, new Random(seed * 1_000_003L + i));
                String name = String.format(Locale.ROOT, "synth_%06d.jpg", i);
                ImageIO.write(sample.image(), "jpg", folder.resolve(name).toFile());
                int[] box = sample.box();
                double[] q = sample.quad();
                csv.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%s,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f%n", name, box[0], box[1],
                        box[2], box[3], sample.label(), sample.layout().name(), q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]));
            }
        }
    }

    /** Plate crops, front-on, with camera effects: the reader's training material. */
    static void crops(Path folder, int count, int cropWidth, long seed, Lettering lettering) throws IOException {
        Files.createDirectories(folder);
        try (Writer csv = Files.newBufferedWriter(folder.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            csv.write("image,plate,layout\n");
            for (int i = 0; i < count; i++) {
                // Salted: crops and scenes made with one seed must not repeat the same plates.
                Random random = new Random((seed ^ 0x63726f7073L) * 1_000_003L + i);
                PlateLayout layout = PlateLayout.values()[random.nextInt(PlateLayout.values().length)];
                String printed = layout.randomText(random);
                BufferedImage plate = PlateRenderer.render(layout, printed, cropWidth * 2, random, lettering);
                if (random.nextDouble() < 0.35) {
                    Effects.dirt(plate, random, 2 + random.nextInt(8));
                }
                int height = (int) Math.round(cropWidth / layout.aspect);
                BufferedImage crop = lettering.rich() ? Surroundings.around(plate, cropWidth, height, random)
                        : Surroundings.flat(plate, cropWidth, height, random);
                crop = SceneRenderer.camera(crop, random);
                String name = String.format(Locale.ROOT, "crop_%06d.png", i);
                ImageIO.write(crop, "png", folder.resolve(name).toFile());
                csv.write(name + "," + PlateLayout.label(printed) + "," + layout.name() + "\n");
            }
        }
    }

    private static List<BufferedImage> loadBackgrounds(Path folder) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        if (folder == null) {
            return images;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{jpg,jpeg,png}")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image != null) {
                    images.add(image);
                }
            }
        }
        return images;
    }
}
