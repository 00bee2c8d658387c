package io.platewise.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Real photographs with their plates replaced by rendered ones of any layout: the cars, bumpers,
 * light, blur and clutter around the plate stay real, and the plate becomes a US, Brazilian, EU...
 * one that no real set of ours holds. The new plate keeps its layout's proportions and the real
 * plate's width, the real plate is painted out where the new one does not cover it, the new one's
 * brightness follows the real plate's (same light), and it is softened to the sharpness of a plate
 * of that size. A seed gives the same images.
 */
final class Replater {

    /** A real image and the boxes (x, y, width, height) of the plates in it. */
    record Photo(Path image, List<int[]> boxes) {
    }

    /** One replated image and, per plate, its corners, text and layout (in the photo's order of boxes). */
    record Replated(BufferedImage image, List<PlateSample> plates) {
    }

    private final Lettering lettering;

    Replater(Lettering lettering) {
        this.lettering = lettering;
    }

    /**
     * The photos of a dataset folder ({@code labels.csv}: {@code image,x,y,w,h,...}) whose names start with
     * none of {@code excluded} and, when {@code included} is not empty, with one of those. Boxes under
     * 8x4 pixels are too small to put a plate in and are left as they are (a photo with none is left out).
     */
    static List<Photo> photos(Path folder, List<String> included, List<String> excluded) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve("labels.csv"), StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(folder.resolve("labels.csv") + " is empty");
        }
        List<String> header = List.of(lines.get(0).split(","));
        int image = header.indexOf("image");
        int[] box = {header.indexOf("x"), header.indexOf("y"), header.indexOf("w"), header.indexOf("h")};
        if (image < 0 || box[0] < 0 || box[1] < 0 || box[2] < 0 || box[3] < 0) {
            throw new IOException(folder.resolve("labels.csv") + " has no image,x,y,w,h columns: " + lines.get(0));
        }
        Map<String, List<int[]>> boxes = new LinkedHashMap<>();
        for (int row = 1; row < lines.size(); row++) {
            String[] cells = lines.get(row).split(",", -1);
            if (cells.length < header.size()) {
                throw new IOException(folder.resolve("labels.csv") + " line " + (row + 1) + " has " + cells.length + " cells, the header "
                        + header.size());
            }
            String name = cells[image];
            if (excluded.stream().anyMatch(name::startsWith) || (!included.isEmpty() && included.stream().noneMatch(name::startsWith))) {
                continue;
            }
            int[] b = new int[4];
            for (int i = 0; i < 4; i++) {
                try {
                    b[i] = (int) Math.round(Double.parseDouble(cells[box[i]]));
                } catch (NumberFormatException e) {
                    throw new IOException(folder.resolve("labels.csv") + " line " + (row + 1) + ": '" + cells[box[i]] + "' is not a number", e);
                }
            }
            b[0] = Math.max(0, b[0]);
            if (b[2] >= 8 && b[3] >= 4) {
                boxes.computeIfAbsent(name, n -> new ArrayList<>()).add(b);
            }
        }
        List<Photo> photos = new ArrayList<>();
        boxes.forEach((name, list) -> photos.add(new Photo(folder.resolve(name), list)));
        return photos;
    }

    Replated replate(BufferedImage photo, List<int[]> boxes, Random random) {
        BufferedImage image = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.dispose();
        List<PlateSample> plates = new ArrayList<>();
        for (int[] box : boxes) {
            PlateLayout layout = PlateLayout.values()[random.nextInt(PlateLayout.values().length)];
            String printed = layout.randomText(random);
            // As wide as the real plate, so that plates keep their size against the car (a detector learns
            // sizes from these too); where the new one is lower than the real one, the real one is painted out.
            double width = box[2] * (0.97 + 0.1 * random.nextDouble());
            double height = width / layout.aspect;
            erase(image, box);
            double centerX = box[0] + box[2] / 2.0;
            double centerY = box[1] + box[3] / 2.0;
            double[] quad = mildPerspective(centerX, centerY, width, height, random);

            BufferedImage plate = PlateRenderer.render(layout, printed, Math.max(120, (int) (width * 2)), random, lettering);
            if (random.nextDouble() < 0.35) {
                Effects.dirt(plate, random, 2 + random.nextInt(8));
            }
            // Rendered at twice its size: a blur of 0.4 to 1.4 target pixels, as lenses and compression give small plates.
            plate = Effects.gaussianBlur(plate, 2 * (0.4 + random.nextDouble()));
            matchBrightness(plate, meanLuminance(photo, box), random);
            Warp.paste(image, plate, quad);
            plates.add(new PlateSample(image, quad, printed, PlateLayout.label(printed), layout));
        }
        return new Replated(image, plates);
    }

    /**
     * Paints the real plate out: each row of its box (and two pixels around it) becomes the blend from the
     * pixel left of it to the pixel right of it, which continues the bumper or body around the plate.
     */
    private static void erase(BufferedImage image, int[] box) {
        int left = Math.max(0, box[0] - 3);
        int right = Math.min(image.getWidth() - 1, box[0] + box[2] + 2);
        int top = Math.max(0, box[1] - 2);
        int bottom = Math.min(image.getHeight() - 1, box[1] + box[3] + 1);
        for (int y = top; y <= bottom; y++) {
            int from = image.getRGB(left, y);
            int to = image.getRGB(right, y);
            for (int x = left + 1; x < right; x++) {
                double t = (double) (x - left) / (right - left);
                int r = (int) Math.round(((from >> 16) & 0xff) * (1 - t) + ((to >> 16) & 0xff) * t);
                int g = (int) Math.round(((from >> 8) & 0xff) * (1 - t) + ((to >> 8) & 0xff) * t);
                int b = (int) Math.round((from & 0xff) * (1 - t) + (to & 0xff) * t);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
    }

    /** Corners of a plate turned a little (the real plate's own turn is not known from its box). */
    private static double[] mildPerspective(double centerX, double centerY, double width, double height, Random random) {
        double roll = Math.toRadians((random.nextDouble() * 2 - 1) * 3);
        double shear = (random.nextDouble() * 2 - 1) * 0.04 * height;
        double[][] corners = {{-width / 2, -height / 2}, {width / 2, -height / 2}, {width / 2, height / 2}, {-width / 2, height / 2}};
        double[] quad = new double[8];
        for (int i = 0; i < 4; i++) {
            double x = corners[i][0] + (corners[i][1] < 0 ? shear : -shear);
            double y = corners[i][1];
            quad[2 * i] = centerX + x * Math.cos(roll) - y * Math.sin(roll);
            quad[2 * i + 1] = centerY + x * Math.sin(roll) + y * Math.cos(roll);
        }
        return quad;
    }

    private static double meanLuminance(BufferedImage image, int[] box) {
        double sum = 0;
        int count = 0;
        for (int y = Math.max(0, box[1]); y < Math.min(image.getHeight(), box[1] + box[3]); y++) {
            for (int x = Math.max(0, box[0]); x < Math.min(image.getWidth(), box[0] + box[2]); x++) {
                int rgb = image.getRGB(x, y);
                sum += 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                count++;
            }
        }
        return count == 0 ? 128 : sum / count;
    }

    /**
     * Scales the plate's colours so that its mean brightness comes near the real plate's, which was lit as
     * the new one would be (a blue Chinese plate is darker than a white one in the same light, hence
     * the bounds and the random share).
     */
    private static void matchBrightness(BufferedImage plate, double target, Random random) {
        double sum = 0;
        int count = 0;
        for (int y = 0; y < plate.getHeight(); y += 2) {
            for (int x = 0; x < plate.getWidth(); x += 2) {
                int argb = plate.getRGB(x, y);
                if (argb >>> 24 == 0) {
                    continue;
                }
                sum += 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
                count++;
            }
        }
        double mean = count == 0 ? 128 : sum / count;
        double share = 0.4 + 0.5 * random.nextDouble();
        double factor = Math.max(0.35, Math.min(1.3, 1 + share * (target / Math.max(1, mean) - 1)));
        for (int y = 0; y < plate.getHeight(); y++) {
            for (int x = 0; x < plate.getWidth(); x++) {
                int argb = plate.getRGB(x, y);
                int r = PlateRenderer.clamp((int) Math.round(((argb >> 16) & 0xff) * factor));
                int g = PlateRenderer.clamp((int) Math.round(((argb >> 8) & 0xff) * factor));
                int b = PlateRenderer.clamp((int) Math.round((argb & 0xff) * factor));
                plate.setRGB(x, y, (argb & 0xff000000) | (r << 16) | (g << 8) | b);
            }
        }
    }

    /**
     * Writes {@code count} replated images (photo {@code i % photos}, so that every photo is used before
     * one is used twice) and {@code labels.csv} in the scenes' format, one row per plate.
     */
    void write(Path folder, List<Photo> photos, int count, long seed) throws IOException {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("No photos with plate boxes to replate (check the folders and --include/--exclude)");
        }
        Files.createDirectories(folder);
        try (Writer csv = Files.newBufferedWriter(folder.resolve("labels.csv"), StandardCharsets.UTF_8)) {
            csv.write("image,x,y,w,h,plate,layout,x1,y1,x2,y2,x3,y3,x4,y4,source\n");
            for (int i = 0; i < count; i++) {
                Photo photo = photos.get(i % photos.size());
                BufferedImage source = ImageIO.read(photo.image().toFile());
                if (source == null) {
                    throw new IOException("Not an image: " + photo.image());
                }
                // Salted and one generator per image, as the scenes: image i is the same whatever the count.
                Replated replated = replate(source, photo.boxes(), new Random((seed ^ 0x7265706cL) * 1_000_003L + i));
                String name = String.format(Locale.ROOT, "replated_%06d.jpg", i);
                ImageIO.write(replated.image(), "jpg", folder.resolve(name).toFile());
                for (PlateSample plate : replated.plates()) {
                    int[] box = plate.box();
                    double[] q = plate.quad();
                    csv.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%s,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%s%n", name, box[0],
                            box[1], box[2], box[3], plate.label(), plate.layout().name(), q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7],
                            photo.image().getFileName()));
                }
            }
        }
    }
}
