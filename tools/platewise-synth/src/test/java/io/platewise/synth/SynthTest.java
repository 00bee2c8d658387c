package io.platewise.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthTest {

    @TempDir
    Path folder;

    private static String hash(BufferedImage image) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                digest.update(new byte[] {(byte) (rgb >> 24), (byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb});
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void sameSeedSameSceneOtherSeedOtherScene() throws Exception {
        SceneRenderer renderer = new SceneRenderer(List.of(), Lettering.bundled());
        PlateSample a = renderer.render(480, 320, new Random(11));
        PlateSample b = renderer.render(480, 320, new Random(11));
        PlateSample c = renderer.render(480, 320, new Random(12));
        assertEquals(hash(a.image()), hash(b.image()));
        assertArrayEquals(a.quad(), b.quad());
        assertEquals(a.label(), b.label());
        assertNotEquals(hash(a.image()), hash(c.image()));
    }

    @Test
    void everyLayoutWritesTextThatMatchesItsTemplateWithDrawableCharacters() {
        Random random = new Random(3);
        for (PlateLayout layout : PlateLayout.values()) {
            for (int i = 0; i < 200; i++) {
                String printed = layout.randomText(random);
                String label = PlateLayout.label(printed);
                assertTrue(layout.labelPattern.matcher(label).matches(), layout + " made " + printed);
                for (char c : printed.toCharArray()) {
                    assertTrue(StrokeFont.canDraw(c), layout + " cannot draw '" + c + "'");
                }
            }
        }
    }

    @Test
    void richLetteringInksTheCharacterRowOfEveryLayoutAndIsReproducible() throws Exception {
        for (Lettering lettering : List.of(Lettering.bundled(), Lettering.withPlateFaces(), Lettering.withSquaredFaces())) {
            assertInksCharacterRowsReproducibly(lettering);
        }
    }

    private static void assertInksCharacterRowsReproducibly(Lettering lettering) throws Exception {
        assertTrue(lettering.rich());
        for (PlateLayout layout : PlateLayout.values()) {
            for (int seed = 0; seed < 12; seed++) {
                String printed = layout.randomText(new Random(seed));
                BufferedImage a = PlateRenderer.render(layout, printed, 240, new Random(seed), lettering);
                BufferedImage b = PlateRenderer.render(layout, printed, 240, new Random(seed), lettering);
                assertEquals(hash(a), hash(b), layout + " seed " + seed);
                // The characters fill the middle of the plate: its middle row changes colour many times.
                int y = layout.band == PlateLayout.Band.MERCOSUR ? a.getHeight() * 62 / 100 : a.getHeight() / 2;
                int changes = 0;
                int previous = luma(a.getRGB(0, y));
                for (int x = 1; x < a.getWidth(); x++) {
                    int current = luma(a.getRGB(x, y));
                    if (Math.abs(current - previous) > 60) {
                        changes++;
                    }
                    previous = current;
                }
                assertTrue(changes >= 2 * PlateLayout.label(printed).length() - 4, layout + " " + printed + " seed " + seed + ": " + changes);
            }
        }
        assertNotEquals(hash(PlateRenderer.render(PlateLayout.US_GRAPHIC, "ABC 1234", 240, new Random(1), lettering)),
                hash(PlateRenderer.render(PlateLayout.US_GRAPHIC, "ABC 1234", 240, new Random(1), Lettering.strokeOnly())));
    }

    @Test
    void plateVariantsChangeOnlyTheCharactersThatHaveThem() throws Exception {
        StrokeFont.Style plain = new StrokeFont.Style(0.12, 0.5, 0, true);
        StrokeFont.Style variants = new StrokeFont.Style(0.12, 0.5, 0, true, true);
        for (char c : "01469G".toCharArray()) {
            assertNotEquals(hash(glyph(c, plain)), hash(glyph(c, variants)), "variant of " + c);
        }
        for (char c : "23578ABOQ".toCharArray()) {
            assertEquals(hash(glyph(c, plain)), hash(glyph(c, variants)), "no variant of " + c);
        }
    }

    private static BufferedImage glyph(char c, StrokeFont.Style style) {
        BufferedImage image = new BufferedImage(40, 60, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        StrokeFont.draw(g, String.valueOf(c), 4, 4, 50, style);
        g.dispose();
        return image;
    }

    @Test
    void surroundingsAreReproducibleAndVaryTheMarginAroundTheWholePlate() throws Exception {
        BufferedImage plate = PlateRenderer.render(PlateLayout.US_GENERIC, "ABC 1234", 400, new Random(5), Lettering.bundled());
        java.util.Set<String> sizes = new java.util.HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            BufferedImage a = Surroundings.around(plate, 200, 100, new Random(seed));
            BufferedImage b = Surroundings.around(plate, 200, 100, new Random(seed));
            assertEquals(hash(a), hash(b), "seed " + seed);
            assertTrue(a.getWidth() >= 200 && a.getHeight() >= 100, "the whole plate is in the crop");
            assertTrue(a.getWidth() <= 280 && a.getHeight() <= 150, "margins stay within what a detector's crop has");
            sizes.add(a.getWidth() + "x" + a.getHeight());
        }
        assertTrue(sizes.size() >= 15, "margins differ from crop to crop: " + sizes);
    }

    private static int luma(int rgb) {
        return (int) (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
    }

    @Test
    void plateCornersLieInTheImageAndFormAConvexQuad() {
        SceneRenderer renderer = new SceneRenderer(List.of(), Lettering.bundled());
        for (int seed = 0; seed < 40; seed++) {
            PlateSample sample = renderer.render(640, 400, new Random(seed));
            double[] q = sample.quad();
            for (int i = 0; i < 4; i++) {
                assertTrue(q[2 * i] >= 0 && q[2 * i] < 640 && q[2 * i + 1] >= 0 && q[2 * i + 1] < 400, "seed " + seed);
            }
            // Convex and clockwise in image coordinates: every turn has the same sign.
            for (int i = 0; i < 4; i++) {
                double ax = q[2 * ((i + 1) % 4)] - q[2 * i];
                double ay = q[2 * ((i + 1) % 4) + 1] - q[2 * i + 1];
                double bx = q[2 * ((i + 2) % 4)] - q[2 * ((i + 1) % 4)];
                double by = q[2 * ((i + 2) % 4) + 1] - q[2 * ((i + 1) % 4) + 1];
                assertTrue(ax * by - ay * bx > 0, "seed " + seed + " corner " + i);
            }
            int[] box = sample.box();
            assertTrue(box[2] >= 20 && box[3] >= 4, "plate visible: " + java.util.Arrays.toString(box));
        }
    }

    @Test
    void homographyMapsCornersOntoCorners() {
        double[] from = {10, 20, 110, 25, 105, 60, 12, 58};
        double[] to = {0, 0, 200, 0, 200, 50, 0, 50};
        double[] h = io.platewise.recognition.api.Homography.between(from, to);
        for (int i = 0; i < 4; i++) {
            double x = from[2 * i];
            double y = from[2 * i + 1];
            double d = h[6] * x + h[7] * y + 1;
            assertEquals(to[2 * i], (h[0] * x + h[1] * y + h[2]) / d, 1e-6);
            assertEquals(to[2 * i + 1], (h[3] * x + h[4] * y + h[5]) / d, 1e-6);
        }
    }

    @Test
    void datasetsAreReproducibleAndLabelled() throws Exception {
        DatasetWriter.scenes(folder.resolve("a"), 5, 320, 200, 9, null, Lettering.bundled(), SceneRenderer.PlateWidths.USUAL);
        DatasetWriter.scenes(folder.resolve("b"), 5, 320, 200, 9, null, Lettering.bundled(), SceneRenderer.PlateWidths.USUAL);
        assertEquals(Files.readString(folder.resolve("a/labels.csv")), Files.readString(folder.resolve("b/labels.csv")));
        assertArrayEquals(Files.readAllBytes(folder.resolve("a/synth_000003.jpg")), Files.readAllBytes(folder.resolve("b/synth_000003.jpg")));
        List<String> rows = Files.readAllLines(folder.resolve("a/labels.csv"));
        assertEquals(6, rows.size());
        assertTrue(rows.get(0).startsWith("image,x,y,w,h,plate"));

        DatasetWriter.crops(folder.resolve("c"), 5, 160, 9, Lettering.bundled());
        List<String> crops = Files.readAllLines(folder.resolve("c/labels.csv"));
        assertEquals("image,plate,layout", crops.get(0));
        assertFalse(crops.get(1).split(",")[1].equals(rows.get(1).split(",")[5]), "crops and scenes of one seed differ");
    }

    @Test
    void replatingPutsANewPlateOnEveryPlateOfTheChosenPhotosReproducibly() throws Exception {
        // Two "photos" with plate boxes, named as a real set's videos are: a held-out one and a training one.
        Path photos = folder.resolve("photos");
        Files.createDirectories(photos);
        for (String name : List.of("video1_t1.jpg", "video2_t1.jpg")) {
            BufferedImage photo = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = photo.createGraphics();
            SceneRenderer.drawStreet(g, 320, 200, new Random(name.hashCode()));
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(100, 110, 60, 30);
            g.fillRect(20, 40, 30, 10);
            g.dispose();
            javax.imageio.ImageIO.write(photo, "jpg", photos.resolve(name).toFile());
        }
        Files.writeString(photos.resolve("labels.csv"), "image,x,y,w,h\nvideo1_t1.jpg,100,110,60,30\nvideo1_t1.jpg,20,40,30,10\n"
                + "video2_t1.jpg,100,110,60,30\n");

        List<Replater.Photo> training = Replater.photos(photos, List.of(), List.of("video2_"));
        assertEquals(1, training.size());
        assertEquals(2, training.get(0).boxes().size());
        assertEquals("video2_t1.jpg", Replater.photos(photos, List.of("video2_"), List.of()).get(0).image().getFileName().toString());

        Replater replater = new Replater(Lettering.withPlateFaces());
        replater.write(folder.resolve("a"), training, 3, 5);
        replater.write(folder.resolve("b"), training, 3, 5);
        assertEquals(Files.readString(folder.resolve("a/labels.csv")), Files.readString(folder.resolve("b/labels.csv")));
        assertArrayEquals(Files.readAllBytes(folder.resolve("a/replated_000002.jpg")), Files.readAllBytes(folder.resolve("b/replated_000002.jpg")));
        List<String> rows = Files.readAllLines(folder.resolve("a/labels.csv"));
        assertEquals(1 + 3 * 2, rows.size(), "a row per plate: two plates in each of three images");
        for (int i = 1; i < rows.size(); i++) {
            String row = rows.get(i);
            String[] cells = row.split(",");
            int x = Integer.parseInt(cells[1]);
            int y = Integer.parseInt(cells[2]);
            int w = Integer.parseInt(cells[3]);
            int h = Integer.parseInt(cells[4]);
            int[] real = i % 2 == 1 ? new int[] {100, 110, 60, 30} : new int[] {20, 40, 30, 10}; // the photo's boxes in order
            // The new plate takes the real one's place and width (give or take its slight turn and 10%).
            double centreX = x + w / 2.0;
            double centreY = y + h / 2.0;
            assertTrue(Math.abs(centreX - (real[0] + real[2] / 2.0)) <= 2 && Math.abs(centreY - (real[1] + real[3] / 2.0)) <= 2
                    && w >= 0.95 * real[2] && w <= 1.12 * real[2], "replated box " + row + " on " + java.util.Arrays.toString(real));
            assertTrue(PlateLayout.valueOf(cells[6]).labelPattern.matcher(cells[5]).matches(), row);
            assertEquals("video1_t1.jpg", cells[15]);
        }
        assertNotEquals(rows.get(1).split(",")[5], rows.get(3).split(",")[5], "the same photo gets other plates the next time");
        // The real plate (2:1, white) is painted out where a lower new plate leaves it: its top rows are not white.
        int lower = 0;
        for (int i = 1; i < rows.size(); i += 2) {
            String[] cells = rows.get(i).split(",");
            if (PlateLayout.valueOf(cells[6]).aspect >= 2.8) {
                lower++;
                BufferedImage replated = javax.imageio.ImageIO.read(folder.resolve("a").resolve(cells[0]).toFile());
                int rgb = replated.getRGB(130, 111);
                assertTrue(((rgb >> 16) & 0xff) < 200 || ((rgb >> 8) & 0xff) < 200 || (rgb & 0xff) < 200,
                        "white of the real plate left above " + rows.get(i));
            }
        }
        assertTrue(lower > 0, "seed 5 draws a lower plate at least once: " + rows);
    }

    @Test
    void demoClipHasCarsWithLabelledPlates() throws Exception {
        Path video = folder.resolve("demo.mp4");
        Path labels = folder.resolve("demo.labels.csv");
        assertEquals(100, DemoClip.write(video, labels, 4, 7));
        assertTrue(Files.size(video) > 50_000);
        List<String> rows = Files.readAllLines(labels);
        assertTrue(rows.size() > 50, "plates visible in most frames: " + rows.size());
        long distinctPlates = rows.stream().skip(1).map(r -> r.split(",")[2]).distinct().count();
        assertEquals(1, distinctPlates, "one car in the first four seconds");
        Path again = folder.resolve("again.mp4");
        DemoClip.write(again, folder.resolve("again.labels.csv"), 4, 7);
        assertEquals(Files.readString(labels), Files.readString(folder.resolve("again.labels.csv")), "same seed, same labels");
    }

    @Test
    void aClipOfAFartherCameraHasPlatesThatMuchNarrower() throws Exception {
        Path near = folder.resolve("near.labels.csv");
        Path far = folder.resolve("far.labels.csv");
        DemoClip.write(folder.resolve("near.mp4"), near, 5, 11, List.of(PlateLayout.values()), Lettering.withPlateFaces(), 1.0);
        DemoClip.write(folder.resolve("far.mp4"), far, 5, 11, List.of(PlateLayout.values()), Lettering.withPlateFaces(), 0.5);
        List<String> nearRows = Files.readAllLines(near);
        List<String> farRows = Files.readAllLines(far);
        assertEquals(nearRows.size(), farRows.size(), "the same cars in the same frames");
        for (int i = 1; i < nearRows.size(); i++) {
            String[] wide = nearRows.get(i).split(",");
            String[] narrow = farRows.get(i).split(",");
            assertEquals(wide[2], narrow[2], "the same plate");
            assertTrue(Integer.parseInt(narrow[6]) <= Integer.parseInt(wide[6]) / 2 + 2, nearRows.get(i) + " / " + farRows.get(i));
        }
    }

    @Test
    void sensorNoiseGivesTheSameCarsInAClipThatCostsMoreBitsAndIsTheSameForTheSameSeed() throws Exception {
        Path plain = folder.resolve("plain.labels.csv");
        Path noisy = folder.resolve("noisy.labels.csv");
        DemoClip.write(folder.resolve("plain.mp4"), plain, 2, 7, PlateLayout.DEMO_LAYOUTS, Lettering.strokeOnly(), 1.0, 0);
        DemoClip.write(folder.resolve("noisy.mp4"), noisy, 2, 7, PlateLayout.DEMO_LAYOUTS, Lettering.strokeOnly(), 1.0, 3);
        assertEquals(Files.readString(plain), Files.readString(noisy), "the noise moves no car and no plate");
        assertTrue(Files.size(folder.resolve("noisy.mp4")) > 1.5 * Files.size(folder.resolve("plain.mp4")),
                "noise on every pixel costs the encoder bits, as a camera's does: " + Files.size(folder.resolve("noisy.mp4")) + " against "
                        + Files.size(folder.resolve("plain.mp4")));
        DemoClip.write(folder.resolve("again.mp4"), folder.resolve("again.labels.csv"), 2, 7, PlateLayout.DEMO_LAYOUTS, Lettering.strokeOnly(),
                1.0, 3);
        assertEquals(Files.mismatch(folder.resolve("noisy.mp4"), folder.resolve("again.mp4")), -1L, "same seed, same noise, same bytes");
    }

    /** Mixed traffic: the same cars in the same frames as the demo's, some coming, some going, some crossing, each labelled so. */
    @Test
    void mixedTrafficHasTheSameCarsDrivingEveryWay() throws Exception {
        Path towards = folder.resolve("towards.labels.csv");
        Path mixed = folder.resolve("mixed.labels.csv");
        DemoClip.write(folder.resolve("towards.mp4"), towards, 24, 7, PlateLayout.DEMO_LAYOUTS, Lettering.strokeOnly(), 1.0, 0,
                DemoClip.Traffic.TOWARDS);
        DemoClip.write(folder.resolve("mixed.mp4"), mixed, 24, 7, PlateLayout.DEMO_LAYOUTS, Lettering.strokeOnly(), 1.0, 0,
                DemoClip.Traffic.MIXED);
        List<String[]> towardsRows = Files.readAllLines(towards).stream().skip(1).map(r -> r.split(",")).toList();
        List<String[]> mixedRows = Files.readAllLines(mixed).stream().skip(1).map(r -> r.split(",")).toList();
        assertEquals(towardsRows.stream().map(r -> r[0] + " " + r[2]).toList(), mixedRows.stream().map(r -> r[0] + " " + r[2]).toList(),
                "the same plates in the same frames");
        assertTrue(towardsRows.stream().allMatch(r -> r[16].equals("APPROACHING")));
        Map<String, List<String[]>> byPlate = new LinkedHashMap<>();
        mixedRows.forEach(r -> byPlate.computeIfAbsent(r[2], plate -> new ArrayList<>()).add(r));
        Set<String> headings = new HashSet<>();
        for (List<String[]> car : byPlate.values()) {
            String heading = car.get(0)[16];
            headings.add(heading);
            assertTrue(car.stream().allMatch(r -> r[16].equals(heading)), "one heading a car");
            int firstWidth = Integer.parseInt(car.get(0)[6]);
            int lastWidth = Integer.parseInt(car.get(car.size() - 1)[6]);
            int firstX = Integer.parseInt(car.get(0)[4]);
            int lastX = Integer.parseInt(car.get(car.size() - 1)[4]);
            switch (heading) {
                case "APPROACHING" -> assertTrue(lastWidth > 2 * firstWidth, car.get(0)[2] + " grows");
                case "RECEDING" -> assertTrue(firstWidth > 2 * lastWidth, car.get(0)[2] + " shrinks");
                case "CROSSING" -> {
                    assertTrue(Math.abs(lastWidth - firstWidth) <= firstWidth / 5, car.get(0)[2] + " keeps its size");
                    assertTrue(Math.abs(lastX - firstX) > 600, car.get(0)[2] + " crosses the frame");
                }
                default -> throw new AssertionError(heading);
            }
        }
        assertEquals(Set.of("APPROACHING", "RECEDING", "CROSSING"), headings, "seed 7 drives every way in 24 s");
    }
}
