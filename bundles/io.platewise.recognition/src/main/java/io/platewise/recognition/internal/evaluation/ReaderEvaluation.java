package io.platewise.recognition.internal.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.pipeline.CountryFormat;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.pipeline.TextRules;
import io.platewise.recognition.internal.reading.PlateReader;
import io.platewise.recognition.internal.reading.PlateViews;
import io.platewise.recognition.internal.reading.ReaderInput;
import io.platewise.recognition.internal.reading.TextDistance;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * {@code bin/platewise eval DATASET_DIR [--detector MODEL] [--reader MODEL] [--json OUT.json]}: runs
 * the production stages over a dataset folder. A {@code labels.csv} with box columns holds full
 * images and is evaluated end to end ({@link PipelineEvaluation}); one without holds plate crops
 * ({@code image,plate}) and is evaluated reader-only: exact-match accuracy (top-1 and top-N),
 * per-character accuracy and milliseconds per image.
 */
public final class ReaderEvaluation {

    static final String DEFAULT_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReaderEvaluation() {
    }

    public static int run(List<String> arguments, PrintStream out, InferenceEngine engine) throws Exception {
        Path dataset = null;
        Path model = null;
        Path detector = null;
        Path json = null;
        Path clipLabels = null;
        double analysisFps = 5;
        int candidates = 5;
        float threshold = TaskSettings.DEFAULT_DETECTION_THRESHOLD;
        float verificationThreshold = TaskSettings.DEFAULT_VERIFICATION_THRESHOLD;
        float recognitionThreshold = TaskSettings.DEFAULT_RECOGNITION_THRESHOLD;
        int minCharacters = TaskSettings.DEFAULT_MIN_CHARACTERS;
        int readerViews = TaskSettings.DEFAULT_READER_VIEWS;
        int settledReadInterval = TaskSettings.DEFAULT_SETTLED_READ_INTERVAL;
        boolean secondLook = false;
        List<String> templates = new ArrayList<>();
        List<float[]> zones = new ArrayList<>();
        String country = "";
        Map<String, String> replaceRules = new LinkedHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            switch (arguments.get(i)) {
                case "--template" -> templates.add(arguments.get(++i));
                case "--country" -> country = arguments.get(++i);
                case "--zone" -> {
                    if (!addZone(arguments.get(++i), zones, out)) {
                        return 2;
                    }
                }
                case "--replace" -> {
                    String[] rule = arguments.get(++i).split("=", -1);
                    if (rule.length != 2) {
                        out.println("--replace takes one character for another, such as O=0, not '" + String.join("=", rule) + "'");
                        return 2;
                    }
                    replaceRules.put(rule[0], rule[1]);
                }
                case "--reader" -> model = Path.of(arguments.get(++i));
                case "--detector" -> detector = Path.of(arguments.get(++i));
                case "--threshold" -> threshold = Float.parseFloat(arguments.get(++i));
                case "--verify" -> verificationThreshold = Float.parseFloat(arguments.get(++i));
                case "--recognition" -> recognitionThreshold = Float.parseFloat(arguments.get(++i));
                case "--min-characters" -> minCharacters = Integer.parseInt(arguments.get(++i));
                case "--json" -> json = Path.of(arguments.get(++i));
                case "--labels" -> clipLabels = Path.of(arguments.get(++i));
                case "--fps" -> analysisFps = Double.parseDouble(arguments.get(++i));
                case "--candidates" -> candidates = Integer.parseInt(arguments.get(++i));
                case "--views" -> readerViews = Integer.parseInt(arguments.get(++i));
                case "--settled-read-interval" -> settledReadInterval = Integer.parseInt(arguments.get(++i));
                case "--second-look" -> {
                    String value = arguments.get(++i);
                    if (!value.equals("on") && !value.equals("off")) {
                        out.println("--second-look is on or off, not '" + value + "'");
                        return 2;
                    }
                    secondLook = value.equals("on");
                }
                default -> {
                    if (arguments.get(i).startsWith("--")) {
                        out.println("Unknown option " + arguments.get(i) + "; platewise eval without arguments lists them");
                        return 2;
                    }
                    dataset = Path.of(arguments.get(i));
                }
            }
        }
        if (dataset == null || model == null) {
            out.println("Usage: platewise eval DATASET_DIR|CLIP [--detector MODEL] [--reader MODEL] [--json OUT.json] [--candidates N] [--threshold T]\n"
                    + "                     [--verify T] [--recognition T] [--min-characters N] [--views N] [--labels FILE] [--fps N] [--settled-read-interval N] [--zone X1,Y1,X2,Y2,...]...\n"
                    + "                     [--country CODE] [--template REGEX]... [--replace X=Y]... [--second-look on|off]\n"
                    + "  MODEL: a model package (.tar), an installed model's folder (with descriptor.json) or an .onnx file;\n"
                    + "         the shipped default models when left out\n"
                    + "  --threshold, --verify, --recognition, --min-characters: a task's detectionThreshold, verificationThreshold,\n"
                    + "         recognitionThreshold and minCharacters (0.4, 0.2, 0.5 and 4 unless given)\n"
                    + "  --views: cuts of each detected plate read and voted over, 1 (the trained margins only) to 3 (a task's)\n"
                    + "  --second-look: photos where the whole picture gave no plate looked at again in four tiles (on), as\n"
                    + "         POST /api/recognize?secondLook=true does, or not (off, the default)\n"
                    + "  CLIP: a video file, run through a task's pipeline at --fps (5) against --labels (CLIP.labels.csv beside it:\n"
                    + "         time_ms,plate, a row per frame a plate is seen in)\n"
                    + "  --settled-read-interval: a clip's task reads a car whose read is settled on one sighting in N (5; 1: every one)\n"
                    + "  --zone: a clip's task zone, a polygon in fractions of the frame: plates count when centred in one, and the\n"
                    + "         detector looks at the zones' area\n"
                    + "  --country, --template, --replace: a task's country (or several: BR,AR), templates and character replace rules, applied as a task\n"
                    + "         applies them (--country: " + String.join(" ", Arrays.stream(CountryFormat.values()).map(Enum::name).toList()) + ")");
            return 2;
        }
        for (float fraction : new float[] {threshold, verificationThreshold, recognitionThreshold}) {
            if (!(fraction >= 0 && fraction <= 1)) {
                out.println("--threshold, --verify and --recognition are between 0 and 1, not " + fraction);
                return 2;
            }
        }
        if (!PlateViews.allows(readerViews)) {
            out.println("--views is 1 to " + PlateViews.CUTS.size() + ", not " + readerViews);
            return 2;
        }
        if (settledReadInterval < 1 || settledReadInterval > TaskSettings.MAX_SETTLED_READ_INTERVAL) {
            out.println("--settled-read-interval is 1 to " + TaskSettings.MAX_SETTLED_READ_INTERVAL + ", not " + settledReadInterval);
            return 2;
        }
        if (minCharacters < 0) {
            out.println("--min-characters is 0 or more, not " + minCharacters);
            return 2;
        }
        boolean clip = Files.isRegularFile(dataset);
        if (!clip && !zones.isEmpty()) {
            out.println("--zone applies to a clip, whose frames are a camera's view; the images of " + dataset + " each frame their own");
            return 2;
        }
        if (clip && clipLabels == null) {
            String name = dataset.getFileName().toString();
            clipLabels = dataset.resolveSibling((name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name) + ".labels.csv");
        }
        Path labels = clip ? clipLabels : dataset.resolve("labels.csv");
        if (!Files.isRegularFile(labels)) {
            out.println(clip ? "No labels for the clip " + dataset + ": give them with --labels FILE (time_ms,plate), or put them in " + labels
                    : "No labels.csv in " + dataset);
            return 2;
        }
        if (!(analysisFps >= 0)) {
            out.println("--fps is 0 (every frame) or more, not " + analysisFps);
            return 2;
        }
        List<String> problems = new ArrayList<>(TextRules.problems(templates, replaceRules));
        problems.addAll(CountryFormat.problems(country));
        if (!problems.isEmpty()) {
            out.println(String.join("\n", problems));
            return 2;
        }
        TextRules rules = CountryFormat.rules(country, templates, replaceRules);
        List<Map<String, String>> rows = readCsv(labels);
        for (String code : CountryFormat.codes(country)) {
            CountryFormat.of(code).ifPresent(f -> out.println("country " + f + " (" + f.country() + "): templates " + f.templates()
                    + " and the look-alike replace rules"));
        }
        if (!templates.isEmpty()) {
            out.println("templates " + templates + (replaceRules.isEmpty() ? "" : ", replace rules " + replaceRules));
        }
        // A clip's frames are what a camera gives, so a task's minimum plate width applies to them; images are taken as they
        // are. Nothing is stored, so no sighting crops are kept.
        TaskSettings settings = new TaskSettings(threshold, recognitionThreshold, verificationThreshold, minCharacters,
                clip ? TaskSettings.DEFAULT_MIN_PLATE_WIDTH : 0, zones, List.of(), rules, candidates, readerViews,
                settledReadInterval, 0);
        if (clip) {
            if (!rows.isEmpty() && !(rows.get(0).containsKey("time_ms") && rows.get(0).containsKey("plate"))) {
                out.println("The labels " + labels + " need the columns time_ms and plate");
                return 2;
            }
            if (detector == null) {
                out.println("A clip is evaluated end to end: give the detector with --detector MODEL");
                return 2;
            }
            return ClipEvaluation.run(dataset, rows, ModelFiles.resolve(detector), ModelFiles.resolve(model), settings, analysisFps, json, out,
                    engine);
        }
        if (!rows.isEmpty() && rows.get(0).containsKey("x") && rows.get(0).containsKey("w")) {
            if (detector == null) {
                out.println("The labels in " + dataset + " have plate boxes: give the detector with --detector MODEL");
                return 2;
            }
            return PipelineEvaluation.run(dataset, rows, detector, model, json, settings, secondLook, out, engine);
        }
        ModelFiles reader = ModelFiles.resolve(model);
        ReportedReads reported = new ReportedReads(recognitionThreshold);
        int exact = 0;
        int topN = 0;
        long characters = 0;
        long characterErrors = 0;
        long nanos = 0;
        List<Map<String, Object>> predictions = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        PlateSearchScore search = new PlateSearchScore();
        try (PlateReader plateReader = reader.openReader(engine)) {
            for (Map<String, String> row : rows) {
                String label = plateLabel(row);
                BufferedImage image = ImageIO.read(dataset.resolve(row.get("image")).toFile());
                if (image == null || label.isEmpty()) {
                    unreadable.add(row.get("image"));
                    continue;
                }
                byte[] bgr = ReaderInput.bgr(image);
                long start = System.nanoTime();
                PlateRead raw = plateReader.read(bgr, image.getWidth(), image.getHeight(), candidates);
                PlateRead read = rules.apply(raw);
                nanos += System.nanoTime() - start;
                // A crop stands for a detection: a task would verify it, then vote with it if sure enough.
                reported.plate(label, settings.verifies(raw) ? settings.voting(raw) : null);
                boolean right = read.text().equals(label);
                exact += right ? 1 : 0;
                search.plate(label, search.read(read));
                topN += read.candidates().stream().anyMatch(c -> c.text().equals(label)) ? 1 : 0;
                characters += label.length();
                characterErrors += Math.min(label.length(), TextDistance.levenshtein(read.text(), label));
                Map<String, Object> prediction = new LinkedHashMap<>();
                prediction.put("image", row.get("image"));
                prediction.put("label", label);
                prediction.put("text", read.text());
                prediction.put("correct", right);
                prediction.put("confidence", read.confidence());
                prediction.put("characterConfidences", read.characterConfidences());
                prediction.put("candidates", read.candidates().stream().map(c -> Map.of("text", c.text(), "confidence", c.confidence())).toList());
                predictions.add(prediction);
            }
        }
        int evaluated = predictions.size();
        double accuracy = 100.0 * exact / Math.max(1, evaluated);
        double topNAccuracy = 100.0 * topN / Math.max(1, evaluated);
        double characterAccuracy = 100.0 * (1 - (double) characterErrors / Math.max(1, characters));
        double msPerImage = nanos / 1e6 / Math.max(1, evaluated);
        out.printf(Locale.ROOT, "dataset            %s (reader-only: plate crops)%n", dataset);
        out.printf(Locale.ROOT, "model              %s%n", model);
        out.printf(Locale.ROOT, "images             %d evaluated, %d unreadable or unlabelled%n", evaluated, unreadable.size());
        out.printf(Locale.ROOT, "exact match top-1  %.2f%%%n", accuracy);
        out.printf(Locale.ROOT, "exact match top-%d  %.2f%%%n", candidates, topNAccuracy);
        out.printf(Locale.ROOT, "character accuracy %.2f%%%n", characterAccuracy);
        out.println("plate search       " + search.line(accuracy));
        out.println("as a task reports  " + reported.line());
        out.printf(Locale.ROOT, "reader time        %.2f ms per image (1 thread)%n", msPerImage);
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("dataset", dataset.toString());
            report.put("model", model.toString());
            report.put("mode", "reader-only");
            report.put("images", evaluated);
            report.put("unreadable", unreadable);
            report.put("accuracy", accuracy);
            report.put("topNAccuracy", topNAccuracy);
            report.put("characterAccuracy", characterAccuracy);
            report.put("reported", reported.json());
            report.put("searchContainsFound", search.containsFound());
            report.put("searchSimilarFound", search.similarFound());
            report.put("searchSimilarOtherFinds", search.otherFindsPerSearch());
            report.put("searchNearFound", search.nearFound());
            report.put("searchNearOtherFinds", search.otherNearFindsPerSearch());
            report.put("msPerImage", msPerImage);
            report.put("predictions", predictions);
            JSON.writeValue(json.toFile(), report);
        }
        // Reader-only: no detection, so recall and false positives do not apply.
        out.printf(Locale.ROOT, "accuracy=%.2f recall=n/a fp_per_image=n/a%n", accuracy);
        return 0;
    }

    /** A labels row's plate as reads are compared with it: upper case, separators and anything else but A-Z 0-9 left out. */
    static String plateLabel(Map<String, String> row) {
        return row.getOrDefault("plate", "").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /**
     * Adds a {@code --zone} (x1,y1,x2,y2,... as a task's zones are, {@link TaskSettings#polygonProblem}) to the zones; false,
     * having said why, when the text is not one.
     */
    static boolean addZone(String text, List<float[]> zones, PrintStream out) {
        List<Float> polygon = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                polygon.add(Float.parseFloat(part.trim()));
            }
        } catch (NumberFormatException e) {
            polygon = null;
        }
        if (polygon == null || TaskSettings.polygonProblem(polygon) != null) {
            out.println("--zone is a polygon x1,y1,x2,y2,x3,y3,... of 3 points or more in fractions of the frame (0 to 1), not '" + text + "'");
            return false;
        }
        float[] zone = new float[polygon.size()];
        for (int k = 0; k < zone.length; k++) {
            zone[k] = polygon.get(k);
        }
        zones.add(zone);
        return true;
    }

    static List<Map<String, String>> readCsv(Path file) throws java.io.IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                return rows;
            }
            List<String> columns = Arrays.asList(header.trim().split(","));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] values = line.split(",", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size() && i < values.length; i++) {
                    row.put(columns.get(i).trim(), values[i].trim());
                }
                rows.add(row);
            }
        }
        return rows;
    }



}
