package io.platewise.recognition.internal.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.PlateDetection;
import io.platewise.recognition.api.PlateRead;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.pipeline.PhotoReading;
import io.platewise.recognition.internal.pipeline.PlateStyle;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.reading.PlateReader;
import io.platewise.recognition.internal.reading.ReaderInput;
import io.platewise.recognition.internal.reading.TextDistance;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * End-to-end evaluation on full images ({@code labels.csv}: {@code image,x,y,w,h[,plate]}, one row
 * per plate): the production detector, the crop and rectify step and the reader, as a task runs
 * them. A labelled plate counts as found when a detection overlaps its box with IoU ≥ 0.5 (each
 * detection matches one plate at most); it counts as read when that detection's read equals its
 * text. Plates that were not found count as not read. Unmatched detections are false positives.
 * Detections whose read fails the task's verification (its verificationThreshold or minCharacters)
 * are dropped as a task drops them ({@link PhotoReading}, as {@code POST /api/recognize} reads a picture):
 * they are neither found plates nor false positives.
 */
final class PipelineEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final float MATCH_IOU = 0.5f;

    private PipelineEvaluation() {
    }

    record Truth(float x, float y, float w, float h, String plate) {
        PlateDetection box() {
            return new PlateDetection(x, y, Math.max(1, w), Math.max(1, h), null, 1);
        }
    }

    static int run(Path dataset, List<Map<String, String>> rows, Path detectorPath, Path readerPath, Path json, TaskSettings settings,
            boolean secondLook, PrintStream out, InferenceEngine engine) throws Exception {
        int candidates = settings.candidates();
        Map<String, List<Truth>> images = new LinkedHashMap<>();
        boolean texts = rows.stream().allMatch(r -> !r.getOrDefault("plate", "").isBlank());
        for (Map<String, String> row : rows) {
            images.computeIfAbsent(row.get("image"), k -> new ArrayList<>()).add(new Truth(Math.max(0, Float.parseFloat(row.get("x"))),
                    Math.max(0, Float.parseFloat(row.get("y"))), Float.parseFloat(row.get("w")), Float.parseFloat(row.get("h")),
                    ReaderEvaluation.plateLabel(row)));
        }
        ModelFiles detectorFiles = ModelFiles.resolve(detectorPath);
        ModelFiles readerFiles = ModelFiles.resolve(readerPath);
        int plates = 0;
        int found = 0;
        int read = 0;
        int readTopN = 0;
        int falsePositives = 0;
        int rejected = 0;
        int lookedAgain = 0;
        Map<PlateStyle, Integer> styleCounts = new EnumMap<>(PlateStyle.class);
        long characters = 0;
        long characterErrors = 0;
        long nanos = 0;
        List<String> unreadable = new ArrayList<>();
        PlateSearchScore search = new PlateSearchScore();
        ReportedReads reported = new ReportedReads(settings.recognitionThreshold());
        List<Map<String, Object>> predictions = new ArrayList<>();
        try (PlateDetector detector = detectorFiles.openDetector(engine); PlateReader reader = readerFiles.openReader(engine)) {
            for (Map.Entry<String, List<Truth>> entry : images.entrySet()) {
                BufferedImage image = ImageIO.read(dataset.resolve(entry.getKey()).toFile());
                if (image == null) {
                    unreadable.add(entry.getKey());
                    continue;
                }
                byte[] bgr = ReaderInput.bgr(image);
                long start = System.nanoTime();
                PhotoReading.Result photo = PhotoReading.read(bgr, image.getWidth(), image.getHeight(), detector, reader, settings,
                        secondLook);
                rejected += photo.rejected();
                lookedAgain += photo.lookedAgain() ? 1 : 0;
                List<PlateDetection> detections = new ArrayList<>();
                List<PlateRead> reads = new ArrayList<>();
                List<PlateRead> votingReads = new ArrayList<>();
                List<PlateStyle> styles = new ArrayList<>();
                for (PhotoReading.Plate plate : photo.plates()) {
                    detections.add(plate.detection());
                    reads.add(plate.read());
                    votingReads.add(plate.vote());
                    styles.add(plate.style());
                    styleCounts.merge(plate.style(), 1, Integer::sum);
                }
                nanos += System.nanoTime() - start;
                boolean[] used = new boolean[detections.size()];
                int firstRead = search.reads();
                reads.forEach(search::read);
                List<Map<String, Object>> plateResults = new ArrayList<>();
                for (Truth truth : entry.getValue()) {
                    plates++;
                    int best = -1;
                    float bestIou = MATCH_IOU;
                    for (int d = 0; d < detections.size(); d++) {
                        float iou = detections.get(d).iou(truth.box());
                        if (!used[d] && iou >= bestIou) {
                            best = d;
                            bestIou = iou;
                        }
                    }
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("label", truth.plate());
                    result.put("box", new float[] {truth.x(), truth.y(), truth.w(), truth.h()});
                    PlateRead plateRead = best < 0 ? null : reads.get(best);
                    if (best >= 0) {
                        used[best] = true;
                        found++;
                        result.put("iou", bestIou);
                        result.put("detection", best);
                    }
                    String text = plateRead == null ? "" : plateRead.text();
                    boolean right = !truth.plate().isEmpty() && text.equals(truth.plate());
                    read += right ? 1 : 0;
                    readTopN += plateRead != null && plateRead.candidates().stream().anyMatch(c -> c.text().equals(truth.plate())) ? 1 : 0;
                    characters += truth.plate().length();
                    characterErrors += Math.min(truth.plate().length(), TextDistance.levenshtein(text, truth.plate()));
                    if (!truth.plate().isEmpty()) {
                        search.plate(truth.plate(), best < 0 ? -1 : firstRead + best);
                        reported.plate(truth.plate(), best < 0 ? null : votingReads.get(best));
                    }
                    result.put("text", text);
                    result.put("correct", right);
                    plateResults.add(result);
                }
                List<Map<String, Object>> detected = new ArrayList<>();
                for (int d = 0; d < detections.size(); d++) {
                    falsePositives += used[d] ? 0 : 1;
                    PlateDetection detection = detections.get(d);
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("box", new float[] {detection.x(), detection.y(), detection.width(), detection.height()});
                    item.put("corners", detection.corners());
                    item.put("score", detection.score());
                    item.put("text", reads.get(d).text());
                    item.put("confidence", reads.get(d).confidence());
                    if (styles.get(d) != PlateStyle.UNKNOWN) {
                        item.put("style", styles.get(d).name());
                    }
                    item.put("candidates", reads.get(d).candidates().stream().map(c -> Map.of("text", c.text(), "confidence", c.confidence())).toList());
                    item.put("matched", used[d]);
                    detected.add(item);
                }
                Map<String, Object> prediction = new LinkedHashMap<>();
                prediction.put("image", entry.getKey());
                prediction.put("lookedAgain", photo.lookedAgain());
                prediction.put("plates", plateResults);
                prediction.put("detections", detected);
                predictions.add(prediction);
            }
        }
        int evaluated = predictions.size();
        double recall = 100.0 * found / Math.max(1, plates);
        int detectionsTotal = found + falsePositives;
        double precision = 100.0 * found / Math.max(1, detectionsTotal);
        double accuracy = 100.0 * read / Math.max(1, plates);
        double topN = 100.0 * readTopN / Math.max(1, plates);
        double characterAccuracy = 100.0 * (1 - (double) characterErrors / Math.max(1, characters));
        double fpPerImage = (double) falsePositives / Math.max(1, evaluated);
        double msPerImage = nanos / 1e6 / Math.max(1, evaluated);
        out.printf(Locale.ROOT, "dataset             %s (end to end: full images)%n", dataset);
        out.printf(Locale.ROOT, "detector            %s (%s)%n", detectorPath, detectorFiles.label());
        out.printf(Locale.ROOT, "reader              %s (%s)%n", readerPath, readerFiles.label());
        out.printf(Locale.ROOT, "images              %d evaluated, %d unreadable; %d labelled plates%n", evaluated, unreadable.size(), plates);
        out.printf(Locale.ROOT, "detection recall    %.2f%% (IoU >= %.1f)%n", recall, MATCH_IOU);
        out.printf(Locale.ROOT, "detection precision %.2f%%%n", precision);
        out.printf(Locale.ROOT, "false positives     %.3f per image%n", fpPerImage);
        out.printf(Locale.ROOT, "not plates          %d detections read with confidence < %.2f or fewer than %d characters (dropped, as a task"
                + " drops them)%n", rejected, settings.verificationThreshold(), settings.minCharacters());
        out.printf(Locale.ROOT, "second look         %s%n", secondLook ? lookedAgain + " of " + evaluated + " images looked at again in tiles (nothing"
                + " found in the whole picture, and it is large enough)" : "off");
        if (settings.rules().judgesStyle()) {
            out.printf(Locale.ROOT, "plate styles        %d with Mercosur's band, %d without, %d not judged (of the detections kept;"
                    + " the templates of the other style left out)%n", styleCounts.getOrDefault(PlateStyle.MERCOSUR, 0),
                    styleCounts.getOrDefault(PlateStyle.NOT_MERCOSUR, 0), styleCounts.getOrDefault(PlateStyle.UNKNOWN, 0));
        }
        if (texts) {
            out.printf(Locale.ROOT, "exact match top-1   %.2f%%%n", accuracy);
            out.printf(Locale.ROOT, "exact match top-%d   %.2f%%%n", candidates, topN);
            out.printf(Locale.ROOT, "character accuracy  %.2f%%%n", characterAccuracy);
            out.println("plate search        " + search.line(accuracy));
            out.println("as a task reports   " + reported.line());
        } else {
            out.println("exact match         n/a (the labels have no plate text)");
        }
        out.printf(Locale.ROOT, "time                %.1f ms per image (detect + rectify + read %d cut%s of each plate, 1 thread)%n", msPerImage,
                settings.readerViews(), settings.readerViews() == 1 ? "" : "s");
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("dataset", dataset.toString());
            report.put("detector", detectorPath.toString());
            report.put("reader", readerPath.toString());
            report.put("mode", "end-to-end");
            report.put("images", evaluated);
            report.put("plates", plates);
            report.put("unreadable", unreadable);
            report.put("recall", recall);
            report.put("precision", precision);
            report.put("fpPerImage", fpPerImage);
            report.put("detectionThreshold", settings.detectionThreshold());
            report.put("verificationThreshold", settings.verificationThreshold());
            report.put("minCharacters", settings.minCharacters());
            report.put("readerViews", settings.readerViews());
            report.put("secondLook", secondLook);
            report.put("lookedAgain", lookedAgain);
            report.put("rejectedDetections", rejected);
            report.put("accuracy", texts ? accuracy : null);
            report.put("topNAccuracy", texts ? topN : null);
            report.put("characterAccuracy", texts ? characterAccuracy : null);
            report.put("reported", texts ? reported.json() : null);
            report.put("searchContainsFound", texts ? search.containsFound() : null);
            report.put("searchSimilarFound", texts ? search.similarFound() : null);
            report.put("searchSimilarOtherFinds", texts ? search.otherFindsPerSearch() : null);
            report.put("searchNearFound", texts ? search.nearFound() : null);
            report.put("searchNearOtherFinds", texts ? search.otherNearFindsPerSearch() : null);
            report.put("msPerImage", msPerImage);
            report.put("predictions", predictions);
            JSON.writeValue(json.toFile(), report);
        }
        out.printf(Locale.ROOT, "accuracy=%s recall=%.2f fp_per_image=%.3f%n", texts ? String.format(Locale.ROOT, "%.2f", accuracy) : "n/a",
                recall, fpPerImage);
        return 0;
    }
}
