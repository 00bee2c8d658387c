package io.platewise.recognition.internal.tasks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.db.SchemaMigrations;
import io.platewise.filestore.FileStore;
import io.platewise.models.InstalledModel;
import io.platewise.models.ModelRegistry;
import io.platewise.recognition.api.DetectorPlugin;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.RecognitionEvents;
import io.platewise.recognition.internal.pipeline.CountryFormat;
import io.platewise.recognition.internal.pipeline.LoadedModels;
import io.platewise.recognition.internal.pipeline.ModelSessions;
import io.platewise.recognition.internal.pipeline.PipelineStats;
import io.platewise.recognition.internal.pipeline.TaskPipeline;
import io.platewise.recognition.internal.pipeline.TaskPipeline.SwapOutcome;
import io.platewise.recognition.internal.pipeline.TaskPipeline.SwapResult;
import io.platewise.recognition.internal.tracking.PlateTracker;
import io.platewise.recognition.internal.tracking.TrackerSettings;
import io.platewise.recognition.internal.tracklets.TrackletRecorder;
import io.platewise.recognition.internal.tracklets.TrackletStore;
import io.platewise.recognition.internal.tracklets.WebhookOutbox;
import io.platewise.recognition.internal.tracklets.Webhooks;
import io.platewise.rest.JsonInputErrors;
import io.platewise.video.CameraService;
import io.platewise.video.FrameSubscription;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LPR tasks: each binds a camera to a detector and a reader with its parameters, and runs a
 * {@link TaskPipeline} on the camera's frames while it is running. Definitions and states are in
 * the database; running tasks start again with the runtime. Records every model swap.
 */
@Component(service = TaskManager.class, immediate = true, configurationPid = "io.platewise.recognition.tasks",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TaskManagerConfiguration.class)
public final class TaskManager {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);

    /** A task as the API shows it; {@code webhook} says how its webhook's receiver takes the posts (null: no webhook). */
    public record TaskView(TaskDefinition definition, TaskState state, String models, String error, PipelineStats stats,
            List<String> plugins, Instant createdAt, Instant updatedAt, String updatedBy, ModelSwap lastSwap, Webhooks.Status webhook) {
    }

    private static final class Task {
        TaskDefinition definition;
        TaskState state;
        Instant createdAt;
        Instant updatedAt;
        String updatedBy;
        TaskPipeline pipeline;
        FrameSubscription subscription;
        String error;
        ModelSwap lastSwap;
    }

    private final CameraService cameras;
    private final ModelRegistry registry;
    /** The default engine, always there; others (such as TensorRT) come and go as services, by {@code engine.name}. */
    private final InferenceEngine defaultEngine;
    private final Map<String, InferenceEngine> engines = new ConcurrentHashMap<>();
    /** Shares a model's session between tasks where the engine batches across cameras (GPU). */
    private final ModelSessions sessions = new ModelSessions();
    private final PictureReader pictures;
    private final EventAdmin events;
    private final TaskStore store;
    private final TaskValidator validator;
    private final TrackletRecorder recorder;
    private final Webhooks webhooks;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "platewise-tasks"));
    private final ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // minCharacters 4.7 is a mistake to point out, not a 4 to take quietly.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<DetectorPlugin> plugins = new CopyOnWriteArrayList<>();
    private final Map<DetectorPlugin, String> pluginIds = new ConcurrentHashMap<>();
    private final int threads;
    private final int swapWaitSeconds;
    private volatile boolean started;

    @Activate
    public TaskManager(TaskManagerConfiguration configuration, @Reference DataSource dataSource, @Reference SchemaMigrations migrations,
            @Reference CameraService cameras, @Reference ModelRegistry registry,
            @Reference(target = "(engine.name=onnxruntime-cpu)") InferenceEngine engine, @Reference FileStore files,
            @Reference EventAdmin events, BundleContext context) throws SQLException {
        migrations.migrate("recognition", context.getBundle(), "db/migration/recognition");
        this.cameras = cameras;
        this.registry = registry;
        this.defaultEngine = engine;
        this.events = events;
        this.store = new TaskStore(dataSource, json);
        this.validator = new TaskValidator(cameras, registry, this::engine);
        this.threads = Math.max(1, configuration.inferenceThreads());
        this.pictures = new PictureReader(threads, sessions);
        this.swapWaitSeconds = Math.max(0, configuration.swapWaitSeconds());
        this.webhooks = new Webhooks(scheduler, 1000, new WebhookOutbox(dataSource));
        this.recorder = new TrackletRecorder(new TrackletStore(dataSource), files, events, webhooks, this::webhookOf);
        for (TaskStore.Row row : store.all()) {
            Task task = new Task();
            task.definition = row.definition().withDefaults();
            task.state = row.state();
            task.createdAt = row.createdAt();
            task.updatedAt = row.updatedAt();
            task.updatedBy = row.updatedBy();
            tasks.put(task.definition.id(), task);
        }
        // Loading and warming models takes seconds: done after activation, so that the components
        // that need this one (REST, health, model usage) are not kept waiting on it.
        boolean demo = tasks.isEmpty() && !configuration.demoCamera().isBlank();
        scheduler.execute(() -> startAll(demo ? configuration.demoCamera() : null));
        scheduler.execute(() -> webhooks.resume(this::webhookOf));
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(DetectorPlugin plugin, Map<String, Object> properties) {
        Object id = properties.get(DetectorPlugin.PLUGIN_ID);
        pluginIds.put(plugin, id == null ? plugin.getClass().getName() : String.valueOf(id));
        plugins.add(plugin);
        LOG.info("Detector plugin '{}' joined the running tasks", pluginIds.get(plugin));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addEngine(InferenceEngine engine, Map<String, Object> properties) {
        String name = String.valueOf(properties.get("engine.name"));
        engines.put(name, engine);
        // Tasks that could not start without it (an engine bundle that starts after this one) start now.
        scheduler.execute(() -> startWaiting(name));
    }

    void removeEngine(InferenceEngine engine, Map<String, Object> properties) {
        // Tasks running on it keep their open sessions until they stop or swap; new loads cannot use it.
        engines.remove(String.valueOf(properties.get("engine.name")), engine);
    }

    /** An engine by name, when installed and usable here. */
    Optional<InferenceEngine> engine(String name) {
        InferenceEngine engine = defaultEngine.name().equals(name) ? defaultEngine : engines.get(name);
        return engine != null && engine.available() ? Optional.of(engine) : Optional.empty();
    }

    void removePlugin(DetectorPlugin plugin) {
        plugins.remove(plugin);
        LOG.info("Detector plugin '{}' left the running tasks", pluginIds.remove(plugin));
    }

    private synchronized void startAll(String demoCamera) {
        startWaiting(null);
        if (demoCamera != null && tasks.isEmpty()) {
            createDemoTask(demoCamera);
        }
        started = true;
    }

    /**
     * Starts the tasks that should run but have no pipeline (their start failed: see their error):
     * those on the named engine, or all when it is null.
     */
    private synchronized void startWaiting(String engineName) {
        for (Task task : tasks.values()) {
            if (task.state == TaskState.RUNNING && task.pipeline == null
                    && (engineName == null || engineName.equals(task.definition.engine()))) {
                startPipeline(task);
            }
        }
    }

    /** Whether the tasks that were running have been started again after activation. */
    public boolean started() {
        return started;
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        synchronized (this) {
            for (Task task : tasks.values()) {
                stopPipeline(task);
            }
        }
        recorder.close();
        pictures.close();
    }

    /**
     * The plates of one picture, read with a task's models, engine and settings (its zones, masks,
     * thresholds, country and templates), or, without a task, with those a new task on the CPU gets
     * and the country given (none: no templates); with {@code secondLook}, looked at again in tiles where
     * the whole picture gave no plate ({@link io.platewise.recognition.internal.pipeline.PhotoReading#read}).
     */
    public PictureReader.Answer recognise(BufferedImage image, String taskId, String country, boolean secondLook) throws InferenceException {
        TaskDefinition definition;
        if (taskId != null) {
            if (country != null) {
                throw new InvalidInputException("A picture read with task '" + taskId + "' takes the task's country and templates; "
                        + "leave out 'country' (or 'task')");
            }
            definition = require(taskId).definition;
        } else {
            List<String> problems = CountryFormat.problems(country);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(String.join("; ", problems));
            }
            Map<String, Object> picture = new LinkedHashMap<>();
            picture.put("id", "picture");
            picture.put("country", country == null ? "" : country);
            definition = parse(picture).withDefaults();
        }
        InferenceEngine engine = engine(definition.engine()).orElseThrow(() -> new ConflictException("No inference engine '"
                + definition.engine() + "' is installed and usable here" + (taskId == null ? "" : ", which task '" + taskId + "' runs on")));
        return pictures.read(image, engine, model(definition.detectorModel()), model(definition.readerModel()),
                TaskValidator.settings(definition), secondLook);
    }

    /** How storing the tasks' tracklets has gone since the start (lost ones, ones stored without images). */
    public TrackletRecorder.Status trackletStorage() {
        return recorder.status();
    }

    public List<TaskView> list() {
        return tasks.values().stream().sorted(java.util.Comparator.comparing(t -> t.definition.id())).map(this::view).toList();
    }

    public TaskView get(String id) {
        return view(require(id));
    }

    public synchronized TaskView create(Map<String, Object> request, boolean start, String actor) throws SQLException {
        TaskDefinition definition = parse(request).withDefaults();
        if (definition.id() != null && tasks.containsKey(definition.id())) {
            throw new ConflictException("A task '" + definition.id() + "' exists already; change it with PUT /api/tasks/" + definition.id());
        }
        validator.check(definition, true);
        Task task = new Task();
        task.definition = definition;
        task.state = TaskState.STOPPED;
        task.createdAt = Instant.now();
        task.updatedAt = task.createdAt;
        task.updatedBy = actor;
        if (start) {
            startPipelineOrFail(task);
        }
        try {
            store.insert(definition, task.state, actor, task.createdAt);
        } catch (SQLException | RuntimeException e) {
            stopPipeline(task);
            throw e;
        }
        tasks.put(definition.id(), task);
        LOG.info("{} created task '{}' on camera '{}' ({})", actor, definition.id(), definition.cameraId(), task.state);
        return view(task);
    }

    /**
     * Changes a task. Parameters apply from the next frame; a new camera restarts the pipeline; new
     * models on a running task are hot-swapped (loaded and warmed first, rolled back if they fail
     * on their first frames) and the call waits a while for the outcome.
     */
    public TaskView update(String id, Map<String, Object> changes, String actor) throws SQLException {
        CompletableFuture<SwapOutcome> swap;
        Task task;
        synchronized (this) {
            task = require(id);
            if (task.state == TaskState.ARCHIVED) {
                throw new ConflictException("Task '" + id + "' is archived and cannot change");
            }
            if (changes.containsKey("id") && !id.equals(changes.get("id"))) {
                throw new ConflictException("A task's id cannot change; create a new task instead");
            }
            Map<String, Object> merged = json.convertValue(task.definition, Map.class);
            merged.putAll(changes);
            // A view sent back as it was shown keeps the secret it hides.
            if (TaskDefinition.HIDDEN_SECRET.equals(changes.get("webhookSecret"))) {
                merged.put("webhookSecret", task.definition.webhookSecret());
            }
            // A task on its engine's default detector or reader moves to the new engine's default when only the engine changes.
            if (changes.containsKey("engine") && !changes.containsKey("detectorModel")
                    && task.definition.detectorModel().equals(TaskDefinition.defaultDetector(task.definition.engine()))) {
                merged.remove("detectorModel");
            }
            if (changes.containsKey("engine") && !changes.containsKey("readerModel")
                    && task.definition.readerModel().equals(TaskDefinition.defaultReader(task.definition.engine()))) {
                merged.remove("readerModel");
            }
            TaskDefinition changed = parse(merged).withDefaults();
            validator.check(changed, !changed.cameraId().equals(task.definition.cameraId()));
            TaskDefinition previous = task.definition;
            boolean newCamera = !changed.cameraId().equals(previous.cameraId());
            boolean newModels = !changed.detectorModel().equals(previous.detectorModel()) || !changed.readerModel().equals(previous.readerModel())
                    || !changed.engine().equals(previous.engine());
            swap = null;
            if (task.state == TaskState.RUNNING && (newCamera || task.pipeline == null)) {
                restart(task, changed);
            } else if (task.state == TaskState.RUNNING && newModels) {
                swap = hotSwap(task, changed, actor);
                task.definition = changed;
                task.pipeline.reconfigure(TaskValidator.settings(changed));
            } else {
                task.definition = changed;
                if (task.pipeline != null) {
                    task.pipeline.reconfigure(TaskValidator.settings(changed));
                }
            }
            task.updatedAt = Instant.now();
            task.updatedBy = actor;
            store.update(task.definition, task.state, actor, task.updatedAt);
        }
        if (swap != null) {
            try {
                SwapOutcome outcome = swap.get(swapWaitSeconds, TimeUnit.SECONDS);
                if (outcome.result() == SwapResult.ROLLED_BACK) {
                    throw new ConflictException("The new models " + outcome.to() + " were rolled back: they " + outcome.message()
                            + ". Task '" + id + "' keeps running " + outcome.from());
                }
            } catch (TimeoutException e) {
                LOG.info("Swap of task '{}' is still on probation (no frames yet); see GET /api/tasks/{}/swaps", id, id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return view(task);
    }

    /**
     * A running task on a new definition, started anew (a new camera, or a task whose start had
     * failed). A task that ran and cannot start so goes back to its previous definition and pipeline,
     * and the change is refused; one that did not run keeps the change, its error saying why it still
     * does not.
     */
    private void restart(Task task, TaskDefinition changed) {
        TaskDefinition previous = task.definition;
        boolean wasRunning = task.pipeline != null;
        stopPipeline(task);
        task.definition = changed;
        startPipeline(task);
        if (task.pipeline == null && wasRunning) {
            String reason = task.error;
            task.definition = previous;
            startPipeline(task);
            throw new ConflictException("Task '" + changed.id() + "' cannot start so: " + reason + "; nothing was changed"
                    + (task.pipeline != null ? " and it runs on camera '" + previous.cameraId() + "' as before" : ""));
        }
    }

    private CompletableFuture<SwapOutcome> hotSwap(Task task, TaskDefinition changed, String actor) {
        String from = task.pipeline.models().label();
        LoadedModels fresh;
        try {
            fresh = LoadedModels.load(engine(changed.engine()).orElseThrow(), model(changed.detectorModel()),
                    model(changed.readerModel()), threads, sessions);
            try {
                fresh.warmUp();
            } catch (InferenceException | RuntimeException e) {
                fresh.close();
                throw e;
            }
        } catch (InferenceException | RuntimeException e) {
            String to = changed.detectorModel() + " + " + changed.readerModel();
            recordSwap(task, new ModelSwap(task.definition.id(), actor, Instant.now(), from, to, SwapResult.FAILED.name(),
                    "failed to load or warm up: " + e.getMessage()));
            throw new ConflictException("The models " + to + " failed to load or warm up (" + e.getMessage() + "); task '"
                    + task.definition.id() + "' keeps running " + from);
        }
        String detector = changed.detectorModel();
        String reader = changed.readerModel();
        String engineName = changed.engine();
        CompletableFuture<SwapOutcome> outcome = task.pipeline.swap(fresh);
        // Async: the outcome is mostly completed on the camera's frame thread, and revertModels takes this
        // manager's lock, which update holds for seconds while it loads models; the camera must not wait that long.
        outcome.thenAcceptAsync(result -> {
            recordSwap(task, new ModelSwap(task.definition.id(), actor, Instant.now(), result.from(), result.to(),
                    result.result().name(), result.message()));
            if (result.result() == SwapResult.ROLLED_BACK) {
                revertModels(task, detector, reader, engineName);
            }
        });
        return outcome;
    }

    /** After a rollback the definition names the models that run again, unless it was changed since. */
    private synchronized void revertModels(Task task, String failedDetector, String failedReader, String failedEngine) {
        TaskDefinition current = task.definition;
        if (task.pipeline == null || !current.detectorModel().equals(failedDetector) || !current.readerModel().equals(failedReader)
                || !current.engine().equals(failedEngine)) {
            return;
        }
        LoadedModels running = task.pipeline.models();
        task.definition = current.withModels(running.detectorModel().name(), running.readerModel().name(), running.engine());
        try {
            store.update(task.definition, task.state, "rollback", Instant.now());
        } catch (SQLException e) {
            LOG.error("Task '{}' rolled back but its definition could not be saved: {}", current.id(), e.toString());
        }
    }

    private void recordSwap(Task task, ModelSwap swap) {
        task.lastSwap = swap;
        LOG.info("Model swap of task '{}' by {}: {} -> {}: {} ({})", swap.taskId(), swap.actor(), swap.from(), swap.to(), swap.result(),
                swap.message());
        try {
            store.recordSwap(swap);
        } catch (SQLException e) {
            LOG.error("The swap of task '{}' could not be recorded: {}", swap.taskId(), e.toString());
        }
        events.postEvent(new Event(RecognitionEvents.MODEL_SWAPPED, Map.of(RecognitionEvents.TASK_ID, swap.taskId(),
                RecognitionEvents.RESULT, swap.result())));
    }

    public synchronized TaskView start(String id, String actor) throws SQLException {
        Task task = require(id);
        if (task.state == TaskState.ARCHIVED) {
            throw new ConflictException("Task '" + id + "' is archived and cannot run again; create a new task");
        }
        if (task.state != TaskState.RUNNING) {
            validator.check(task.definition, false);
            startPipelineOrFail(task);
            changeState(task, TaskState.RUNNING, actor);
        } else if (task.pipeline == null) {
            // Running in name only: its start failed (see its error); this is the retry.
            validator.check(task.definition, false);
            startPipelineOrFail(task);
        }
        return view(task);
    }

    public synchronized TaskView stop(String id, String actor) throws SQLException {
        Task task = require(id);
        if (task.state == TaskState.RUNNING) {
            stopPipeline(task);
            changeState(task, TaskState.STOPPED, actor);
        }
        return view(task);
    }

    public synchronized TaskView archive(String id, String actor) throws SQLException {
        Task task = require(id);
        stopPipeline(task);
        changeState(task, TaskState.ARCHIVED, actor);
        return view(task);
    }

    public List<ModelSwap> swaps(String id) throws SQLException {
        require(id);
        return store.swaps(id);
    }

    /** Which tasks use a model: all but archived ones that name it (see {@link TaskUsage}). */
    public List<String> usersOfModel(String modelName) {
        return users(definition -> definition.usesModel(modelName));
    }

    /** Which tasks use a camera: all but archived ones on it (see {@link TaskUsage}). */
    public List<String> usersOfCamera(String cameraId) {
        return users(definition -> cameraId.equals(definition.cameraId()));
    }

    private List<String> users(java.util.function.Predicate<TaskDefinition> uses) {
        List<String> users = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (task.state != TaskState.ARCHIVED && uses.test(task.definition)) {
                users.add("task " + task.definition.id());
            }
        }
        return users;
    }

    private void changeState(Task task, TaskState state, String actor) throws SQLException {
        task.state = state;
        if (state != TaskState.RUNNING) {
            task.error = null;
        }
        task.updatedAt = Instant.now();
        task.updatedBy = actor;
        store.update(task.definition, state, actor, task.updatedAt);
        LOG.info("{}: task '{}' is now {}", actor, task.definition.id(), state);
    }

    private void startPipelineOrFail(Task task) {
        startPipeline(task);
        if (task.pipeline == null) {
            throw new ConflictException("Task '" + task.definition.id() + "' cannot start: " + task.error);
        }
        task.state = TaskState.RUNNING;
    }

    /** Loads the models and subscribes to the camera; on failure leaves the reason in {@code task.error}. */
    private void startPipeline(Task task) {
        TaskDefinition definition = task.definition;
        try {
            InferenceEngine engine = engine(definition.engine()).orElseThrow(() -> new IllegalStateException(
                    "no inference engine '" + definition.engine() + "' is installed"));
            LoadedModels models = LoadedModels.load(engine, model(definition.detectorModel()), model(definition.readerModel()), threads,
                    sessions);
            try {
                models.warmUp();
            } catch (InferenceException | RuntimeException e) {
                models.close();
                throw e;
            }
            PlateTracker tracker = new PlateTracker(definition.cameraId(), TrackerSettings.defaults(), () -> UUID.randomUUID().toString());
            task.pipeline = new TaskPipeline(definition.id(), models, TaskValidator.settings(definition), tracker, () -> plugins, recorder);
            task.subscription = cameras.subscribe(definition.cameraId(), task.pipeline);
            task.error = null;
            LOG.info("Task '{}' runs {} on camera '{}'", definition.id(), models.label(), definition.cameraId());
        } catch (InferenceException | RuntimeException e) {
            task.error = e.getMessage();
            task.pipeline = null;
            LOG.error("Task '{}' cannot start: {}", definition.id(), e.getMessage());
        }
    }

    private void stopPipeline(Task task) {
        if (task.subscription != null) {
            task.subscription.close();
            task.subscription = null;
        }
        if (task.pipeline != null) {
            task.pipeline.close();
            task.pipeline = null;
        }
    }

    private InstalledModel model(String name) {
        return registry.model(name).orElseThrow(() -> new InvalidInputException("No model '" + name + "' is installed"));
    }

    private void createDemoTask(String cameraId) {
        Map<String, Object> demo = new LinkedHashMap<>();
        demo.put("id", "demo");
        demo.put("name", "Demo camera");
        demo.put("cameraId", cameraId);
        try {
            TaskDefinition definition = parse(demo).withDefaults();
            validator.check(definition, false);
            Task task = new Task();
            task.definition = definition;
            task.createdAt = Instant.now();
            task.updatedAt = task.createdAt;
            task.updatedBy = "system";
            startPipeline(task);
            task.state = task.pipeline == null ? TaskState.STOPPED : TaskState.RUNNING;
            store.insert(definition, task.state, "system", task.createdAt);
            tasks.put(definition.id(), task);
        } catch (RuntimeException | SQLException e) {
            LOG.warn("No demo task: {}", e.getMessage());
        }
    }

    private void tick() {
        Instant now = Instant.now();
        for (Task task : tasks.values()) {
            TaskPipeline pipeline = task.pipeline;
            if (pipeline != null) {
                try {
                    pipeline.tick(now);
                } catch (RuntimeException e) {
                    LOG.warn("Task '{}' failed to finish its tracks: {}", task.definition.id(), e.toString());
                }
            }
        }
    }

    private Optional<Webhooks.Target> webhookOf(String taskId) {
        Task task = tasks.get(taskId);
        return task == null || task.definition.webhookUrl().isEmpty() ? Optional.empty()
                : Optional.of(new Webhooks.Target(URI.create(task.definition.webhookUrl()), task.definition.webhookSecret()));
    }

    private Task require(String id) {
        Task task = tasks.get(id);
        if (task == null) {
            throw new ResourceNotFoundException("No task '" + id + "'; see GET /api/tasks");
        }
        return task;
    }

    private TaskDefinition parse(Map<String, Object> request) {
        try {
            return json.convertValue(request, TaskDefinition.class);
        } catch (IllegalArgumentException e) {
            String problem = e.getCause() instanceof JsonMappingException mapping ? JsonInputErrors.describe(mapping, request)
                    : e.getMessage().split("\n")[0];
            throw new InvalidInputException("Invalid task: " + problem);
        }
    }

    private TaskView view(Task task) {
        TaskPipeline pipeline = task.pipeline;
        return new TaskView(task.definition.withSecretHidden(), task.state, pipeline == null ? null : pipeline.models().label(), task.error,
                pipeline == null ? null : pipeline.stats(), pipeline == null ? List.of() : pluginIds.values().stream().sorted().toList(),
                task.createdAt, task.updatedAt, task.updatedBy, task.lastSwap,
                task.definition.webhookUrl().isEmpty() ? null : webhooks.status(URI.create(task.definition.webhookUrl())));
    }
}
