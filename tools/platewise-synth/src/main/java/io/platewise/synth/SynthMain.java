package io.platewise.synth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of the generator.
 * <pre>
 *   demo VIDEO.mp4 [--seconds 20] [--seed 7]                  the demo camera's clip (+ VIDEO.labels.csv)
 *        [--lettering ...] [--plate-scale 1]                  any of these: every layout, in that lettering, plates that much wider
 *        [--sensor-noise 0]                                   camera-like noise of that deviation on every pixel (decodes as a camera's stream)
 *        [--traffic towards|mixed]                            towards the camera (the demo's), or also away from it and across its view
 *        [--size 1280x720]                                    the same view at another size (up to 3840x2160), as a camera of more pixels sees it
 *   scenes FOLDER [--count 1000] [--size 960x540] [--seed 1] [--backgrounds DIR] [--lettering rich|plate-faces|squared-faces|stroke]
 *          [--plate-widths 0.06:0.35]
 *   crops FOLDER [--count 10000] [--width 200] [--seed 1] [--lettering rich|plate-faces|squared-faces|stroke]
 *   replate FOLDER --photos DIR[,DIR...] [--count N] [--seed 1] [--include PREFIXES] [--exclude PREFIXES] [--lettering ...]
 * </pre>
 * {@code --lettering rich} (the default) letters plates in the bundled outline fonts as well as the
 * stroke font and decorates them; {@code plate-faces} adds condensed display faces like the ones plates
 * are lettered in; {@code squared-faces} adds to those faces with squared-off and chamfered round
 * letters and condensed gothics; {@code stroke} draws them as the generator's first version did. {@code --plate-widths}
 * is the range of plate widths as fractions of the image width (smaller for distant plates).
 * {@code replate} takes real photos with plate boxes (dataset folders with {@code labels.csv}) and paints
 * rendered plates over theirs; {@code --include}/{@code --exclude} keep or drop photos by the start of their
 * names (comma-separated), which is how a held-out video or group stays out of a training set; {@code --count}
 * defaults to one image per photo.
 */
public final class SynthMain {

    private SynthMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2) {
            System.err.println("Usage: synth demo VIDEO.mp4 [--seconds N] [--seed N] [--lettering rich|plate-faces|squared-faces|stroke] [--plate-scale F]\n"
                    + "                 [--sensor-noise SIGMA] [--traffic towards|mixed] [--size WxH]\n"
                    + "       synth scenes FOLDER [--count N] [--size WxH] [--seed N] [--backgrounds DIR] [--lettering rich|plate-faces|squared-faces|stroke]\n"
                    + "                     [--plate-widths MIN:MAX]\n"
                    + "       synth crops FOLDER [--count N] [--width N] [--seed N] [--lettering rich|plate-faces|squared-faces|stroke]\n"
                    + "       synth replate FOLDER --photos DIR[,DIR...] [--count N] [--seed N] [--include PREFIXES] [--exclude PREFIXES]\n"
                    + "                     [--lettering rich|plate-faces|squared-faces|stroke]");
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 2, args.length));
        Path target = Path.of(args[1]);
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        switch (args[0]) {
            case "demo" -> {
                Path labels = target.resolveSibling(target.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".labels.csv");
                int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
                // The demo as shipped unless asked otherwise: any other option draws from every layout.
                boolean varied = options.containsKey("lettering") || options.containsKey("plate-scale");
                double plateScale = Double.parseDouble(options.getOrDefault("plate-scale", "1"));
                if (!(plateScale > 0 && plateScale <= 2)) {
                    throw new IllegalArgumentException("--plate-scale is above 0 and at most 2, not " + options.get("plate-scale"));
                }
                double sensorNoise = Double.parseDouble(options.getOrDefault("sensor-noise", "0"));
                if (!(sensorNoise >= 0 && sensorNoise <= 64)) {
                    throw new IllegalArgumentException("--sensor-noise is a deviation in grey levels from 0 to 64, not " + options.get("sensor-noise"));
                }
                DemoClip.Traffic traffic = switch (options.getOrDefault("traffic", "towards")) {
                    case "towards" -> DemoClip.Traffic.TOWARDS;
                    case "mixed" -> DemoClip.Traffic.MIXED;
                    default -> throw new IllegalArgumentException("--traffic is towards or mixed, not " + options.get("traffic"));
                };
                int[] size = size(options, DemoClip.WIDTH + "x" + DemoClip.HEIGHT);
                int frames = DemoClip.write(target, labels, seconds, seed, varied ? List.of(PlateLayout.values()) : PlateLayout.DEMO_LAYOUTS,
                        varied ? lettering(options) : Lettering.strokeOnly(), plateScale, sensorNoise, traffic, size[0], size[1]);
                System.out.println("Wrote " + frames + " frames to " + target + " and labels to " + labels);
            }
            case "scenes" -> {
                int[] size = size(options, "960x540");
                DatasetWriter.scenes(target, Integer.parseInt(options.getOrDefault("count", "1000")), size[0], size[1], seed,
                        options.containsKey("backgrounds") ? Path.of(options.get("backgrounds")) : null, lettering(options),
                        options.containsKey("plate-widths") ? SceneRenderer.PlateWidths.parse(options.get("plate-widths"))
                                : SceneRenderer.PlateWidths.USUAL);
            }
            case "crops" -> DatasetWriter.crops(target, Integer.parseInt(options.getOrDefault("count", "10000")),
                    Integer.parseInt(options.getOrDefault("width", "200")), seed, lettering(options));
            case "replate" -> {
                if (!options.containsKey("photos")) {
                    throw new IllegalArgumentException("replate needs --photos DIR[,DIR...]: dataset folders with labels.csv (image,x,y,w,h)");
                }
                List<Replater.Photo> photos = new ArrayList<>();
                for (String folder : options.get("photos").split(",")) {
                    photos.addAll(Replater.photos(Path.of(folder), prefixes(options.get("include")), prefixes(options.get("exclude"))));
                }
                int count = Integer.parseInt(options.getOrDefault("count", String.valueOf(photos.size())));
                new Replater(lettering(options)).write(target, photos, count, seed);
                System.out.println("Wrote " + count + " replated images from " + photos.size() + " photos to " + target);
            }
            default -> {
                System.err.println("Unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    /** {@code --size WIDTHxHEIGHT}, or the default given in that form. */
    private static int[] size(Map<String, String> options, String fallback) {
        String[] size = options.getOrDefault("size", fallback).split("x");
        if (size.length != 2 || !size[0].matches("[0-9]{1,5}") || !size[1].matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("--size is WIDTHxHEIGHT, such as 1920x1080, not " + options.get("size"));
        }
        return new int[] {Integer.parseInt(size[0]), Integer.parseInt(size[1])};
    }

    /** The lettering --lettering names; the outline fonts are read only for the commands that use them (not for the demo clip). */
    private static Lettering lettering(Map<String, String> options) {
        return switch (options.getOrDefault("lettering", "rich")) {
            case "rich" -> Lettering.bundled();
            case "plate-faces" -> Lettering.withPlateFaces();
            case "squared-faces" -> Lettering.withSquaredFaces();
            case "stroke" -> Lettering.strokeOnly();
            default -> throw new IllegalArgumentException("--lettering is rich, plate-faces, squared-faces or stroke, not " + options.get("lettering"));
        };
    }

    private static List<String> prefixes(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).filter(p -> !p.isEmpty()).toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected an --option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
