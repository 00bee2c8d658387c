package io.platewise.recognition.internal.tasks;

import io.platewise.core.InvalidInputException;
import io.platewise.models.InstalledModel;
import io.platewise.models.ModelRegistry;
import io.platewise.recognition.internal.pipeline.CountryFormat;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.pipeline.TextRules;
import io.platewise.recognition.internal.reading.PlateViews;
import io.platewise.video.CameraService;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a task definition completely, naming every problem, before anything is changed. */
final class TaskValidator {

    /** 128 bits and more, as a random secret of hex digits or Base64 has at this length. */
    static final int MIN_SECRET_LENGTH = 16;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final CameraService cameras;
    private final ModelRegistry models;
    private final java.util.function.Function<String, java.util.Optional<io.platewise.recognition.api.InferenceEngine>> engines;

    TaskValidator(CameraService cameras, ModelRegistry models,
            java.util.function.Function<String, java.util.Optional<io.platewise.recognition.api.InferenceEngine>> engines) {
        this.cameras = cameras;
        this.models = models;
        this.engines = engines;
    }

    /** @throws InvalidInputException listing every problem */
    void check(TaskDefinition task, boolean requireCamera) {
        List<String> problems = new ArrayList<>();
        if (task.id() == null || !ID.matcher(task.id()).matches()) {
            problems.add("id must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (task.cameraId() == null || task.cameraId().isBlank()) {
            problems.add("cameraId is required");
        } else if (requireCamera && cameras.camera(task.cameraId()).isEmpty()) {
            problems.add("camera '" + task.cameraId() + "' does not exist; see GET /api/cameras");
        }
        model(task.detectorModel(), "plate-detector", "detectorModel", problems);
        model(task.readerModel(), "plate-reader", "readerModel", problems);
        if (engines.apply(task.engine()).isEmpty()) {
            problems.add("engine '" + task.engine() + "' is not installed or cannot run here; see GET /api/health");
        }
        fraction("detectionThreshold", task.detectionThreshold(), problems);
        fraction("recognitionThreshold", task.recognitionThreshold(), problems);
        fraction("verificationThreshold", task.verificationThreshold(), problems);
        if (task.minCharacters() < 0 || task.minCharacters() > 16) {
            problems.add("minCharacters must be between 0 and 16, not " + task.minCharacters());
        }
        if (task.minPlateWidth() < 0 || task.minPlateWidth() > 4096) {
            problems.add("minPlateWidth must be between 0 and 4096 pixels, not " + task.minPlateWidth());
        }
        if (!PlateViews.allows(task.readerViews())) {
            problems.add("readerViews must be between 1 and " + PlateViews.CUTS.size() + ", not " + task.readerViews());
        }
        if (task.settledReadInterval() < 1 || task.settledReadInterval() > TaskSettings.MAX_SETTLED_READ_INTERVAL) {
            problems.add("settledReadInterval must be between 1 (every sighting read) and " + TaskSettings.MAX_SETTLED_READ_INTERVAL + ", not "
                    + task.settledReadInterval());
        }
        if (task.sightingCrops() < 0 || task.sightingCrops() > TaskSettings.MAX_SIGHTING_CROPS) {
            problems.add("sightingCrops must be between 0 (only the best sighting's crop) and " + TaskSettings.MAX_SIGHTING_CROPS + ", not "
                    + task.sightingCrops());
        }
        polygons("zones", task.zones(), problems);
        polygons("masks", task.masks(), problems);
        problems.addAll(TextRules.problems(task.templates(), task.replaceRules()));
        problems.addAll(CountryFormat.problems(task.country()));
        if (!task.webhookUrl().isEmpty()) {
            try {
                URI uri = URI.create(task.webhookUrl());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add("webhookUrl must be an http:// or https:// URL with a host");
                }
            } catch (IllegalArgumentException e) {
                problems.add("webhookUrl is not a URL: " + e.getMessage());
            }
        }
        if (TaskDefinition.HIDDEN_SECRET.equals(task.webhookSecret())) {
            problems.add("webhookSecret " + TaskDefinition.HIDDEN_SECRET + " stands for a secret already set; this task has none to keep");
        } else if (!task.webhookSecret().isEmpty() && task.webhookSecret().length() < MIN_SECRET_LENGTH) {
            problems.add("webhookSecret must be at least " + MIN_SECRET_LENGTH + " characters (it keys HMAC-SHA256), not "
                    + task.webhookSecret().length());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid task: " + String.join("; ", problems));
        }
    }

    private void model(String name, String kind, String field, List<String> problems) {
        InstalledModel model = name == null ? null : models.model(name).orElse(null);
        if (model == null) {
            problems.add(field + ": no model '" + name + "' is installed; see GET /api/models");
        } else if (!kind.equals(model.task())) {
            problems.add(field + ": model '" + name + "' is a " + model.task() + ", not a " + kind);
        }
    }

    private static void fraction(String field, float value, List<String> problems) {
        if (!(value >= 0 && value <= 1)) {
            problems.add(field + " must be between 0 and 1, not " + value);
        }
    }

    private static void polygons(String field, List<List<Float>> polygons, List<String> problems) {
        for (List<Float> polygon : polygons) {
            String problem = TaskSettings.polygonProblem(polygon);
            if (problem != null) {
                problems.add(field + ": " + problem);
            }
        }
    }

    /** The pipeline's form of a valid definition. */
    static TaskSettings settings(TaskDefinition task) {
        return new TaskSettings(task.detectionThreshold(), task.recognitionThreshold(), task.verificationThreshold(), task.minCharacters(),
                task.minPlateWidth(),
                toArrays(task.zones()), toArrays(task.masks()), CountryFormat.rules(task.country(), task.templates(), task.replaceRules()), 5,
                task.readerViews(), task.settledReadInterval(), task.sightingCrops());
    }

    private static List<float[]> toArrays(List<List<Float>> polygons) {
        List<float[]> arrays = new ArrayList<>();
        for (List<Float> polygon : polygons) {
            float[] array = new float[polygon.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = polygon.get(i);
            }
            arrays.add(array);
        }
        return arrays;
    }
}
