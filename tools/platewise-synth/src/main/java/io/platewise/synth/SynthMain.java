package io.platewise.synth;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line of the generator.
 * <pre>
 *   demo VIDEO.mp4 [--seconds 20] [--seed 7]                  the demo camera's clip (+ VIDEO.labels.csv)
 *   scenes FOLDER [--count 1000] [--size 960x540] [--seed 1] [--backgrounds DIR] [--lettering rich|plate-faces|stroke]
 *          [--plate-widths 0.06:0.35]
 *   crops FOLDER [--count 10000] [--width 200] [--seed 1] [--lettering rich|plate-faces|stroke]
 * </pre>
 * {@code --lettering rich} (the default) letters plates in the bundled outline fonts as well as the
 * stroke font and decorates them; {@code plate-faces} adds condensed display faces like the ones plates
 * are lettered in; {@code stroke} draws them as the generator's first version did. {@code --plate-widths}
 * is the range of plate widths as fractions of the image width (smaller for distant plates).
 */
public final class SynthMain {

    private SynthMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2) {
            System.err.println("Usage: synth demo VIDEO.mp4 [--seconds N] [--seed N]\n"
                    + "       synth scenes FOLDER [--count N] [--size WxH] [--seed N] [--backgrounds DIR] [--lettering rich|plate-faces|stroke]\n"
                    + "                     [--plate-widths MIN:MAX]\n"
                    + "       synth crops FOLDER [--count N] [--width N] [--seed N] [--lettering rich|plate-faces|stroke]");
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 2, args.length));
        Path target = Path.of(args[1]);
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        switch (args[0]) {
            case "demo" -> {
                Path labels = target.resolveSibling(target.getFileName().toString().replaceAll("\\.[^.]+$", "") + ".labels.csv");
                int frames = DemoClip.write(target, labels, Integer.parseInt(options.getOrDefault("seconds", "20")), seed);
                System.out.println("Wrote " + frames + " frames to " + target + " and labels to " + labels);
            }
            case "scenes" -> {
                String[] size = options.getOrDefault("size", "960x540").split("x");
                DatasetWriter.scenes(target, Integer.parseInt(options.getOrDefault("count", "1000")), Integer.parseInt(size[0]),
                        Integer.parseInt(size[1]), seed, options.containsKey("backgrounds") ? Path.of(options.get("backgrounds")) : null,
                        lettering(options), options.containsKey("plate-widths") ? SceneRenderer.PlateWidths.parse(options.get("plate-widths"))
                                : SceneRenderer.PlateWidths.USUAL);
            }
            case "crops" -> DatasetWriter.crops(target, Integer.parseInt(options.getOrDefault("count", "10000")),
                    Integer.parseInt(options.getOrDefault("width", "200")), seed, lettering(options));
            default -> {
                System.err.println("Unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    /** The lettering --lettering names; the outline fonts are read only for the commands that use them (not for the demo clip). */
    private static Lettering lettering(Map<String, String> options) {
        return switch (options.getOrDefault("lettering", "rich")) {
            case "rich" -> Lettering.bundled();
            case "plate-faces" -> Lettering.withPlateFaces();
            case "stroke" -> Lettering.strokeOnly();
            default -> throw new IllegalArgumentException("--lettering is rich, plate-faces or stroke, not " + options.get("lettering"));
        };
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
