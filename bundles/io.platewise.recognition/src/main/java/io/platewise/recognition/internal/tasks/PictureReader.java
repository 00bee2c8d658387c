package io.platewise.recognition.internal.tasks;

import io.platewise.models.InstalledModel;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.internal.pipeline.LoadedModels;
import io.platewise.recognition.internal.pipeline.ModelSessions;
import io.platewise.recognition.internal.pipeline.PhotoReading;
import io.platewise.recognition.internal.pipeline.TaskSettings;
import io.platewise.recognition.internal.reading.ReaderInput;
import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the plates of single pictures ({@code POST /api/recognize}) with the models a task names. Each
 * pair of models is loaded once and kept for the next picture: the {@link #KEPT} pairs used last. On the
 * CPU they are sessions of their own, so that a picture never waits for a camera's frames nor a camera
 * for a picture; on an engine that batches across cameras ({@link ModelSessions}) a picture joins the
 * model's shared session as one more camera would. One picture is read at a time: on the CPUs this
 * runs on, two at once would only share the cores.
 */
public final class PictureReader implements AutoCloseable {

    /** Pairs of models kept loaded: a task's and the defaults, say. */
    static final int KEPT = 2;

    /** What a picture held, read by which models, and how long reading took (decoding the upload not included). */
    public record Answer(String models, int width, int height, PhotoReading.Result result, double milliseconds) {
    }

    /** A pair of models as installed: a model replaced under its name (delete, upload) is another pair. */
    private record Key(String engine, String detector, String detectorVersion, String detectorSha256, String reader, String readerVersion,
            String readerSha256) {
    }

    private final int threads;
    private final ModelSessions sessions;
    private final Map<Key, LoadedModels> loaded = new LinkedHashMap<>(4, 0.75f, true);
    private boolean closed;

    PictureReader(int threads, ModelSessions sessions) {
        this.threads = threads;
        this.sessions = sessions;
    }

    synchronized Answer read(BufferedImage image, InferenceEngine engine, InstalledModel detector, InstalledModel reader, TaskSettings settings,
            boolean secondLook) throws InferenceException {
        if (closed) {
            throw new IllegalStateException("The picture reader is closed");
        }
        LoadedModels models = models(engine, detector, reader);
        long start = System.nanoTime();
        byte[] bgr = ReaderInput.bgr(image);
        PhotoReading.Result result = PhotoReading.read(bgr, image.getWidth(), image.getHeight(), models.detector(), models.reader(), settings,
                secondLook);
        return new Answer(models.label(), image.getWidth(), image.getHeight(), result, (System.nanoTime() - start) / 1e6);
    }

    private LoadedModels models(InferenceEngine engine, InstalledModel detector, InstalledModel reader) throws InferenceException {
        Key key = new Key(engine.name(), detector.name(), detector.version(), detector.packageSha256(), reader.name(), reader.version(),
                reader.packageSha256());
        LoadedModels models = loaded.get(key);
        if (models != null) {
            return models;
        }
        models = LoadedModels.load(engine, detector, reader, threads, sessions);
        loaded.put(key, models);
        Iterator<LoadedModels> oldest = loaded.values().iterator();
        while (loaded.size() > KEPT) {
            oldest.next().close();
            oldest.remove();
        }
        return models;
    }

    @Override
    public synchronized void close() {
        closed = true;
        loaded.values().forEach(LoadedModels::close);
        loaded.clear();
    }
}
