package io.platewise.recognition.internal.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platewise.inference.onnx.internal.OnnxModels;
import io.platewise.inference.onnx.internal.OnnxRuntimeEngine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation command on a generated set with known answers: a reader model that always says
 * "AB12" (a constant ONNX graph) over crops labelled "AB12" and "XY99".
 */
class ReaderEvaluationTest {

    private static final String CHARSET = ReaderEvaluation.DEFAULT_CHARSET;
    private static final int CLASSES = CHARSET.length() + 1;

    @TempDir
    Path folder;

    private static float[] alwaysAb12() {
        String path = "_A_B__1_2______";
        float[] out = new float[32 * CLASSES];
        for (int t = 0; t < 32; t++) {
            char c = t < path.length() ? path.charAt(t) : '_';
            int k = c == '_' ? 0 : CHARSET.indexOf(c) + 1;
            for (int i = 0; i < CLASSES; i++) {
                out[t * CLASSES + i] = (float) Math.log(i == k ? 0.9 : 0.1 / (CLASSES - 1));
            }
        }
        return out;
    }

    private String run(String... arguments) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exit = ReaderEvaluation.run(List.of(arguments), new PrintStream(text, true, StandardCharsets.UTF_8), new OnnxRuntimeEngine());
        String output = text.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        return output;
    }

    /** A folder of blank crops of several widths, labelled in order. */
    private Path cropSet(String... plates) throws Exception {
        Path crops = Files.createDirectories(folder.resolve("crops"));
        StringBuilder labels = new StringBuilder("image,plate\n");
        for (int i = 0; i < plates.length; i++) {
            ImageIO.write(new BufferedImage(120 + i, 40, BufferedImage.TYPE_INT_RGB), "png", crops.resolve("c" + i + ".png").toFile());
            labels.append("c").append(i).append(".png,").append(plates[i]).append('\n');
        }
        Files.writeString(crops.resolve("labels.csv"), labels);
        return crops;
    }

    @Test
    void scoresAKnownReaderOnAKnownSet() throws Exception {
        Path model = Files.write(folder.resolve("reader.onnx"), OnnxModels.constantReader(alwaysAb12(), 32, CLASSES, 32, 128));
        Path crops = cropSet("AB12", "AB12", "AB12", "AB12", "XY99", "XY99");
        Path json = folder.resolve("report.json");
        String output = run(crops.toString(), "--reader", model.toString(), "--json", json.toString());
        String[] lines = output.strip().split("\n");
        assertEquals("accuracy=66.67 recall=n/a fp_per_image=n/a", lines[lines.length - 1], output);
        assertTrue(output.contains("character accuracy 66.67%"), output);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(6, report.get("predictions").size());
        assertEquals("AB12", report.get("predictions").get(5).get("text").asText());
        assertEquals("XY99", report.get("predictions").get(5).get("label").asText());
        assertEquals(0.9 * 0.9 * 0.9 * 0.9, report.get("predictions").get(0).get("confidence").asDouble(), 1e-3);
        // Every read is 0.66 sure: a task at the default 0.5 reports all six, the two XY99 wrong.
        assertTrue(output.contains("as a task reports  66.67% right, 33.33% wrong (33.33% of those reported), 0.00% without a read, at"
                + " recognitionThreshold 0.50"), output);
        assertEquals(33.33, report.get("reported").get("wrong").asDouble(), 0.01);
        String strict = run(crops.toString(), "--reader", model.toString(), "--recognition", "0.7");
        assertTrue(strict.contains("as a task reports  0.00% right, 0.00% wrong (0.00% of those reported), 100.00% without a read, at"
                + " recognitionThreshold 0.70"), strict);
        assertTrue(strict.strip().endsWith("accuracy=66.67 recall=n/a fp_per_image=n/a"), "exact match counts every best read: " + strict);
    }

    /** Crops labelled A812 (four) and AB12 (two) under a reader that always says AB12: the templates fix the first four. */
    @Test
    void appliesCountryTemplatesAndReplaceRulesAsATaskDoes() throws Exception {
        Path model = Files.write(folder.resolve("reader.onnx"), OnnxModels.constantReader(alwaysAb12(), 32, CLASSES, 32, 128));
        Path crops = cropSet("A812", "A812", "A812", "A812", "AB12", "AB12");
        String plain = run(crops.toString(), "--reader", model.toString());
        assertTrue(plain.strip().endsWith("accuracy=33.33 recall=n/a fp_per_image=n/a"), plain);
        // A similar search takes B for 8: it finds all six, and each search also the five other crops' reads.
        assertTrue(plain.contains("plate search       33.33% exact, 33.33% contains, 100.00% similar, 100.00% near"), plain);
        assertTrue(plain.contains("besides, similar finds 5.000 and near 5.000 other reads per search"), plain);
        String templated = run(crops.toString(), "--reader", model.toString(), "--template", "[A-Z][0-9]{3}", "--replace", "B=8");
        assertTrue(templated.strip().endsWith("accuracy=66.67 recall=n/a fp_per_image=n/a"), templated);

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exit = ReaderEvaluation.run(List.of(crops.toString(), "--reader", model.toString(), "--template", "[A-Z"),
                new PrintStream(text, true, StandardCharsets.UTF_8), new OnnxRuntimeEngine());
        assertEquals(2, exit);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("is not a valid regular expression"), text.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSetWithBoxesNeedsADetector() throws Exception {
        Path set = Files.createDirectories(folder.resolve("scenes"));
        Files.writeString(set.resolve("labels.csv"), "image,x,y,w,h,plate\na.jpg,1,2,3,4,AB12\n");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exit = ReaderEvaluation.run(List.of(set.toString(), "--reader", "x.onnx"), new PrintStream(text, true, StandardCharsets.UTF_8),
                new OnnxRuntimeEngine());
        assertEquals(2, exit);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("--detector"), text.toString(StandardCharsets.UTF_8));
    }

    /**
     * End to end on a generated set: the detector always finds one plate at input pixels x 200-280,
     * y 100-120 (frame pixels 250-350, 125-150 for 640x360 images, letterbox scale 0.8) and the
     * reader always reads AB12. Labels: three plates there (AB12, AB12, XY99) and one elsewhere.
     */
    @Test
    void scoresAKnownPipelineOnAKnownSet() throws Exception {
        int gridWidth = 128;
        int gridHeight = 72;
        int cells = gridWidth * gridHeight;
        float[] peaks = new float[cells];
        float[] corners = new float[8 * cells];
        int row = 27;   // centre y = 27.5 * 4 = 110
        int column = 59; // centre x = 59.5 * 4 = 238
        peaks[row * gridWidth + column] = 0.9f;
        float[] quad = {200 - 238, 100 - 110, 280 - 238, 100 - 110, 280 - 238, 120 - 110, 200 - 238, 120 - 110};
        for (int k = 0; k < 8; k++) {
            corners[k * cells + row * gridWidth + column] = quad[k];
        }
        Path detector = Files.write(folder.resolve("detector.onnx"), OnnxModels.constantDetector(peaks, corners, 288, 512, gridHeight, gridWidth));
        Path reader = Files.write(folder.resolve("reader.onnx"), OnnxModels.constantReader(alwaysAb12(), 32, CLASSES, 32, 128));
        Path set = Files.createDirectories(folder.resolve("scenes"));
        StringBuilder labels = new StringBuilder("image,x,y,w,h,plate\n");
        String[][] rows = {{"250,125,100,25", "AB12"}, {"252,126,98,24", "AB12"}, {"250,125,100,25", "XY99"}, {"20,300,100,25", "AB12"}};
        for (int i = 0; i < rows.length; i++) {
            ImageIO.write(new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB), "png", set.resolve("s" + i + ".png").toFile());
            labels.append("s").append(i).append(".png,").append(rows[i][0]).append(',').append(rows[i][1]).append('\n');
        }
        Files.writeString(set.resolve("labels.csv"), labels);
        Path json = folder.resolve("e2e.json");
        String output = run(set.toString(), "--detector", detector.toString(), "--reader", reader.toString(), "--json", json.toString());
        String[] lines = output.strip().split("\n");
        assertEquals("accuracy=50.00 recall=75.00 fp_per_image=0.250", lines[lines.length - 1], output);
        assertTrue(output.contains("detection precision 75.00%"), output);
        // Four reads of AB12: a search for each AB12 finds the three other images' reads (and all four for the one not found).
        assertTrue(output.contains("plate search        50.00% exact, 50.00% contains, 50.00% similar, 50.00% near"), output);
        assertTrue(output.contains("besides, similar finds 2.500 and near 2.500 other reads per search"), output);
        // The plate not found has no read; XY99's is AB12, 0.66 sure, so reported wrong.
        assertTrue(output.contains("as a task reports   50.00% right, 25.00% wrong (33.33% of those reported), 25.00% without a read"), output);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode first = report.get("predictions").get(0);
        assertEquals("AB12", first.get("plates").get(0).get("text").asText());
        assertEquals(250f, first.get("detections").get(0).get("box").get(0).floatValue(), 0.01f);
        assertEquals(125f, first.get("detections").get(0).get("box").get(1).floatValue(), 0.01f);
        assertEquals(false, report.get("predictions").get(3).get("detections").get(0).get("matched").asBoolean());
    }
}
