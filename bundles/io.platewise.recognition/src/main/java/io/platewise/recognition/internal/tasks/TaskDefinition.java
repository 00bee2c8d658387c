package io.platewise.recognition.internal.tasks;

import io.platewise.recognition.internal.pipeline.CountryFormat;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import java.util.List;
import java.util.Map;

/**
 * What an operator configures for an LPR task (the JSON body of {@code /api/tasks}); fields left
 * out take the defaults of {@link #withDefaults}.
 *
 * @param engine               the inference engine's name ({@code engine.name} of an InferenceEngine service)
 * @param detectionThreshold   detector score a plate needs, 0 to 1
 * @param recognitionThreshold read confidence a read needs to vote, 0 to 1
 * @param verificationThreshold read confidence a detection needs to count as a plate, 0 to 1 (0 keeps every detection)
 * @param minCharacters        characters a read needs for its detection to count as a plate (0: no minimum)
 * @param minPlateWidth        plates narrower than this many frame pixels are ignored
 * @param readerViews          cuts of each plate the reader reads and votes over, 1 to 3 (fewer: less CPU, fewer plates right)
 * @param settledReadInterval  once a car's read is settled (sure reads agreeing), its plate is read on one sighting in this
 *                             many, 1 to 100 (1: every sighting; more: less CPU for cars that stay in view)
 * @param sightingCrops        how many read sightings of each tracklet are stored with their plate crops, spread over its
 *                             time, besides the best sighting's crop and frame: 0 to 20 (0: none)
 * @param zones                polygons [x1, y1, x2, y2, ...] in fractions of the frame (0 to 1): only plates centred in one count
 * @param masks                polygons in the same form: plates centred in one are ignored
 * @param templates            country templates as regular expressions over the plate text (A-Z 0-9)
 * @param replaceRules         character replacements tried when a read matches no template, such as {"O": "0"}
 * @param country              ISO 3166 code of a country whose plate formats and look-alike rules join the templates and
 *                             replace rules ({@link CountryFormat}; several separated by commas for a site that sees
 *                             plates of several countries; empty: none)
 * @param mlops                whether MLOps data collection is on for this task
 * @param webhookUrl           where each finished tracklet is POSTed as JSON (empty: nowhere)
 * @param webhookSecret        the key each webhook post is signed with, HMAC-SHA256 (empty: unsigned); the API shows it
 *                             as {@link #HIDDEN_SECRET} and takes that back as "unchanged"
 */
public record TaskDefinition(String id, String name, String cameraId, String detectorModel, String readerModel, String engine,
        Float detectionThreshold,
        Float recognitionThreshold, Float verificationThreshold, Integer minCharacters, Integer minPlateWidth, Integer readerViews,
        Integer settledReadInterval, Integer sightingCrops, List<List<Float>> zones, List<List<Float>> masks, List<String> templates,
        Map<String, String> replaceRules, String country, Boolean mlops, String webhookUrl,
        String webhookSecret) {

    /** What a task's view shows in place of a webhook secret that is set. */
    public static final String HIDDEN_SECRET = "********";

    /** The float detector: what a task on an engine other than the CPU's runs unless it names one (TensorRT builds FP16 from it). */
    public static final String DEFAULT_DETECTOR = "platewise-detector";
    /**
     * The same detector quantized to 8 bits (tools/training/quantize.py): what a task on the CPU
     * runs unless it names one. It takes ONNX Runtime about 0.6 of the float one's time and read as
     * many plates right on our held-out sets.
     */
    public static final String DEFAULT_CPU_DETECTOR = "platewise-detector-int8";
    /** The float reader: what a task on an engine other than the CPU's runs unless it names one. */
    public static final String DEFAULT_READER = "platewise-reader";
    /**
     * The same reader with its convolutions and input quantized to 8 bits (tools/training/quantize.py):
     * what a task on the CPU runs unless it names one. ONNX Runtime runs it in about 0.66 of the
     * float one's time, and it read as many plates right on our held-out sets.
     */
    public static final String DEFAULT_CPU_READER = "platewise-reader-int8";
    public static final String DEFAULT_ENGINE = "onnxruntime-cpu";

    /** The detector a task on {@code engine} runs when it names none. */
    public static String defaultDetector(String engine) {
        return DEFAULT_ENGINE.equals(engine) ? DEFAULT_CPU_DETECTOR : DEFAULT_DETECTOR;
    }

    /** The reader a task on {@code engine} runs when it names none. */
    public static String defaultReader(String engine) {
        return DEFAULT_ENGINE.equals(engine) ? DEFAULT_CPU_READER : DEFAULT_READER;
    }

    public TaskDefinition withDefaults() {
        String engineName = engine == null || engine.isBlank() ? DEFAULT_ENGINE : engine;
        return new TaskDefinition(id, name == null || name.isBlank() ? id : name, cameraId,
                detectorModel == null ? defaultDetector(engineName) : detectorModel, readerModel == null ? defaultReader(engineName) : readerModel,
                engineName,
                detectionThreshold == null ? TaskSettings.DEFAULT_DETECTION_THRESHOLD : detectionThreshold,
                recognitionThreshold == null ? TaskSettings.DEFAULT_RECOGNITION_THRESHOLD : recognitionThreshold,
                verificationThreshold == null ? TaskSettings.DEFAULT_VERIFICATION_THRESHOLD : verificationThreshold,
                minCharacters == null ? TaskSettings.DEFAULT_MIN_CHARACTERS : minCharacters,
                minPlateWidth == null ? TaskSettings.DEFAULT_MIN_PLATE_WIDTH : minPlateWidth,
                readerViews == null ? TaskSettings.DEFAULT_READER_VIEWS : readerViews,
                settledReadInterval == null ? TaskSettings.DEFAULT_SETTLED_READ_INTERVAL : settledReadInterval,
                sightingCrops == null ? TaskSettings.DEFAULT_SIGHTING_CROPS : sightingCrops, zones == null ? List.of() : zones, masks == null ? List.of() : masks,
                templates == null ? List.of() : templates, replaceRules == null ? Map.of() : replaceRules,
                CountryFormat.normalise(country), mlops != null && mlops,
                webhookUrl == null ? "" : webhookUrl.trim(), webhookSecret == null ? "" : webhookSecret);
    }

    /** The same task running other models. */
    public TaskDefinition withModels(String detector, String reader, String engineName) {
        return new TaskDefinition(id, name, cameraId, detector, reader, engineName, detectionThreshold, recognitionThreshold,
                verificationThreshold, minCharacters, minPlateWidth, readerViews, settledReadInterval, sightingCrops, zones, masks, templates, replaceRules, country, mlops, webhookUrl,
                webhookSecret);
    }

    /** The task as the API shows it: the webhook secret, when there is one, hidden. */
    public TaskDefinition withSecretHidden() {
        String shown = webhookSecret == null || webhookSecret.isEmpty() ? "" : HIDDEN_SECRET;
        return new TaskDefinition(id, name, cameraId, detectorModel, readerModel, engine, detectionThreshold, recognitionThreshold,
                verificationThreshold, minCharacters, minPlateWidth, readerViews, settledReadInterval, sightingCrops, zones, masks, templates, replaceRules, country, mlops, webhookUrl, shown);
    }

    public boolean usesModel(String model) {
        return model.equals(detectorModel) || model.equals(readerModel);
    }
}
