package io.platewise.recognition.internal.pipeline;

import io.platewise.models.InstalledModel;
import io.platewise.models.ModelDescriptor;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import io.platewise.recognition.api.ModelSource;
import io.platewise.recognition.internal.detection.DetectorInput;
import io.platewise.recognition.internal.detection.PlateDetector;
import io.platewise.recognition.internal.reading.PlateReader;
import java.util.List;
import java.util.Map;

/** A detector and a reader, loaded in an engine: what a task's pipeline runs, swapped as a whole. */
public final class LoadedModels implements AutoCloseable {

    private final InstalledModel detectorModel;
    private final InstalledModel readerModel;
    private final PlateDetector detector;
    private final PlateReader reader;
    private final String engine;

    LoadedModels(InstalledModel detectorModel, InstalledModel readerModel, PlateDetector detector, PlateReader reader, String engine) {
        this.engine = engine;
        this.detectorModel = detectorModel;
        this.readerModel = readerModel;
        this.detector = detector;
        this.reader = reader;
    }

    /**
     * Models a command line tool opened itself (eval on a clip), known by name and version only: a
     * pipeline needs no more of them than that.
     */
    public static LoadedModels of(String detectorLabel, PlateDetector detector, String readerLabel, PlateReader reader, String engine) {
        return new LoadedModels(named(detectorLabel, "plate-detector"), named(readerLabel, "plate-reader"), detector, reader, engine);
    }

    /** A model known from a label such as {@code platewise-reader 0.5.2}. */
    private static InstalledModel named(String label, String task) {
        int space = label.lastIndexOf(' ');
        return new InstalledModel(space < 0 ? label : label.substring(0, space), space < 0 ? "" : label.substring(space + 1), task, null, null, 0,
                "", null, "eval");
    }

    public static LoadedModels load(InferenceEngine engine, InstalledModel detectorModel, InstalledModel readerModel, int threads,
            ModelSessions sessions) throws InferenceException {
        PlateDetector detector = detector(sessions.open(engine, source(detectorModel), threads), detectorModel);
        try {
            PlateReader reader = reader(sessions.open(engine, source(readerModel), threads), readerModel);
            return new LoadedModels(detectorModel, readerModel, detector, reader, engine.name());
        } catch (InferenceException | RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    private static PlateDetector detector(InferenceSession session, InstalledModel model) throws InferenceException {
        Map<String, Object> pre = model.descriptor().preprocessing();
        try {
            int[] declared = PlateDetector.declaredInput(session);
            return new PlateDetector(session, number(pre, "width", declared[0]), number(pre, "height", declared[1]), number(pre, "stride", 4),
                    new DetectorInput.Normalisation(decimal(pre, "mean", 0), decimal(pre, "std", 1)));
        } catch (RuntimeException e) {
            session.close();
            throw new InferenceException("Model '" + model.name() + "' is not a usable plate detector: " + e.getMessage(), e);
        }
    }

    private static PlateReader reader(InferenceSession session, InstalledModel model) throws InferenceException {
        Map<String, Object> pre = model.descriptor().preprocessing();
        try {
            return new PlateReader(session, model.descriptor().charset(), number(pre, "width", 128), number(pre, "height", 32));
        } catch (RuntimeException e) {
            session.close();
            throw new InferenceException("Model '" + model.name() + "' is not a usable plate reader: " + e.getMessage(), e);
        }
    }

    /** The installed model as engines see it: its ONNX file and the TensorRT plans its package ships. */
    static ModelSource source(InstalledModel model) {
        ModelDescriptor descriptor = model.descriptor();
        ModelDescriptor.FileEntry file = descriptor.modelFile();
        List<ModelSource.PrebuiltPlan> plans = descriptor.tensorrtPlans() == null ? List.of() : descriptor.tensorrtPlans().stream()
                .map(plan -> new ModelSource.PrebuiltPlan(model.folder().resolve(plan.path()), plan.gpuArchitecture(),
                        plan.tensorrtVersion(), plan.sha256()))
                .toList();
        return new ModelSource(model.name(), model.folder().resolve(file.path()), file.sha256(), plans);
    }

    private static int number(Map<String, Object> map, String key, int fallback) {
        Object value = map == null ? null : map.get(key);
        return value instanceof Number n ? n.intValue() : fallback;
    }

    private static float decimal(Map<String, Object> map, String key, float fallback) {
        Object value = map == null ? null : map.get(key);
        return value instanceof Number n ? n.floatValue() : fallback;
    }

    /**
     * Runs both models once on a grey frame and a grey crop, so that the first real frame does not
     * pay for the engine's lazy initialisation, and so that a model that fails is caught before use.
     */
    public void warmUp() throws InferenceException {
        int width = 1280;
        int height = 720;
        byte[] frame = new byte[width * height * 3];
        java.util.Arrays.fill(frame, (byte) 110);
        detector.detect(frame, width, height, 0.99f);
        byte[] crop = new byte[160 * 40 * 3];
        java.util.Arrays.fill(crop, (byte) 200);
        reader.read(crop, 160, 40, 1);
    }

    public InstalledModel detectorModel() {
        return detectorModel;
    }

    public InstalledModel readerModel() {
        return readerModel;
    }

    /** The name of the engine the models run on. */
    public String engine() {
        return engine;
    }

    public PlateDetector detector() {
        return detector;
    }

    public PlateReader reader() {
        return reader;
    }

    /** Such as {@code platewise-detector 0.1.0 + platewise-reader 0.1.0}. */
    public String label() {
        return detectorModel.name() + " " + detectorModel.version() + " + " + readerModel.name() + " " + readerModel.version() + " on "
                + engine;
    }

    @Override
    public void close() {
        detector.close();
        reader.close();
    }
}
