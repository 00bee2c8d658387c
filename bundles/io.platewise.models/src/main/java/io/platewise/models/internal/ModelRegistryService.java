package io.platewise.models.internal;

import io.platewise.core.ConflictException;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.StorageExhaustedException;
import io.platewise.db.SchemaMigrations;
import io.platewise.models.InstalledModel;
import io.platewise.models.ModelDescriptor;
import io.platewise.models.ModelDescriptor.TensorSpec;
import io.platewise.models.ModelHistoryEntry;
import io.platewise.models.ModelRegistry;
import io.platewise.models.ModelUsage;
import io.platewise.recognition.api.InferenceEngine;
import io.platewise.recognition.api.InferenceException;
import io.platewise.recognition.api.InferenceSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry: packages are received into {@code .incoming/}, checked completely, and only then
 * moved into place and recorded; whatever fails leaves nothing behind.
 */
@Component(service = ModelRegistry.class, configurationPid = "io.platewise.models", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RegistryConfiguration.class)
public final class ModelRegistryService implements ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryService.class);
    private static final long MIB = 1024L * 1024L;

    private final ModelStore store;
    private final InferenceEngine engine;
    private final Path folder;
    private final PackageLimits limits;
    private final long quotaBytes;
    /** Usages handed over directly (tests); in the runtime they are looked up as services when needed. */
    private final List<ModelUsage> usages = new CopyOnWriteArrayList<>();
    private final BundleContext context;

    @Activate
    public ModelRegistryService(RegistryConfiguration configuration, @Reference DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference(target = "(engine.name=onnxruntime-cpu)") InferenceEngine engine,
            BundleContext context) throws IOException {
        this(new ModelStore(dataSource), engine, folder(configuration, context), configuration, context);
        migrations.migrate("models", context.getBundle(), "db/migration/models");
        installDefaults(defaultPackages(configuration, context));
    }

    private static Path defaultPackages(RegistryConfiguration configuration, BundleContext context) {
        if (!configuration.defaultPackagesFolder().isBlank()) {
            return Path.of(configuration.defaultPackagesFolder());
        }
        String home = context.getProperty("platewise.home");
        return Path.of(home == null ? "." : home, "defaults", "models");
    }

    /**
     * Installs the packages shipped with the distribution whose name is not installed yet; a model
     * an operator deleted comes back at the next start, as the tasks' defaults must exist.
     */
    void installDefaults(Path packages) throws IOException {
        if (!Files.isDirectory(packages)) {
            return;
        }
        List<Path> tars;
        try (Stream<Path> files = Files.list(packages)) {
            tars = files.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        for (Path tar : tars) {
            try (InputStream in = Files.newInputStream(tar)) {
                if (isInstalled(PackageExtractor.modelName(in))) {
                    continue;
                }
            }
            try (InputStream in = Files.newInputStream(tar)) {
                InstalledModel model = install(in, "system");
                LOG.info("Installed the default model {} {} from {}", model.name(), model.version(), tar.getFileName());
            } catch (ConflictException e) {
                LOG.debug("Default package {} is installed already", tar.getFileName());
            } catch (RuntimeException e) {
                LOG.error("The default model package {} cannot be installed: {}", tar, e.getMessage());
            }
        }
    }

    ModelRegistryService(ModelStore store, InferenceEngine engine, Path folder, RegistryConfiguration configuration) throws IOException {
        this(store, engine, folder, configuration, null);
    }

    private ModelRegistryService(ModelStore store, InferenceEngine engine, Path folder, RegistryConfiguration configuration,
            BundleContext context) throws IOException {
        this.context = context;
        this.store = store;
        this.engine = engine;
        this.folder = Files.createDirectories(folder).toRealPath();
        this.limits = new PackageLimits(configuration.maxPackageMegabytes() * MIB, configuration.maxUnpackedMegabytes() * MIB,
                configuration.maxFiles());
        this.quotaBytes = configuration.quotaMegabytes() * MIB;
        // A crash during an upload leaves its incoming folder: nothing in it was ever visible.
        deleteTree(this.folder.resolve(".incoming"));
    }

    private static Path folder(RegistryConfiguration configuration, BundleContext context) {
        if (!configuration.folder().isBlank()) {
            return Path.of(configuration.folder());
        }
        String home = context.getProperty("platewise.home");
        return Path.of(home == null ? "." : home, "models");
    }

    void addUsage(ModelUsage usage) {
        usages.add(usage);
    }

    @Override
    public List<InstalledModel> models() {
        try {
            List<InstalledModel> models = new ArrayList<>();
            for (ModelStore.Row row : store.all()) {
                models.add(installed(row));
            }
            return models;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the model registry: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<InstalledModel> model(String name) {
        try {
            return store.find(name).map(this::installed);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the model registry: " + e.getMessage(), e);
        }
    }

    private InstalledModel installed(ModelStore.Row row) {
        Path modelFolder = folder.resolve(row.name());
        ModelDescriptor descriptor = Files.isDirectory(modelFolder) ? DescriptorChecks.read(modelFolder) : null;
        return new InstalledModel(row.name(), row.version(), row.task(), descriptor, modelFolder, row.sizeBytes(), row.packageSha256(),
                row.installedAt(), row.installedBy());
    }

    @Override
    public synchronized InstalledModel install(InputStream packageStream, String actor) throws IOException {
        Path incoming = Files.createDirectories(folder.resolve(".incoming").resolve(UUID.randomUUID().toString()));
        try {
            Path packageFile = incoming.resolve("package.tar");
            long used = usedBytes();
            String packageSha256 = receive(packageStream, packageFile, used);
            Path unpacked = incoming.resolve("files");
            Map<String, Long> files = PackageExtractor.extract(packageFile, unpacked, limits);
            Files.delete(packageFile);
            ModelDescriptor descriptor = DescriptorChecks.read(unpacked);
            Optional<ModelStore.Row> existing = store.find(descriptor.name());
            if (existing.isPresent()) {
                throw new ConflictException("A model named '" + descriptor.name() + "' is already installed on this host (version "
                        + existing.get().version() + "). Delete it first (DELETE /api/models/" + descriptor.name()
                        + ") to upload a new one under that name, or give the new model another name.");
            }
            DescriptorChecks.checkFiles(descriptor, unpacked, files);
            long size = files.values().stream().mapToLong(Long::longValue).sum();
            if (used + size > quotaBytes) {
                throw quotaExceeded(used, size);
            }
            checkModelRuns(descriptor, unpacked);
            Path target = folder.resolve(descriptor.name());
            if (Files.exists(target)) {
                // A folder without a registry row: left by a failure between the move and the database.
                deleteTree(target);
            }
            Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ModelStore.Row row = new ModelStore.Row(descriptor.name(), descriptor.version(), descriptor.task(), size, packageSha256, now, actor);
            try {
                store.insert(row, "installed " + descriptor.task() + " from a package of sha256 " + packageSha256);
            } catch (SQLException e) {
                deleteTree(target);
                throw new IOException("Cannot record the model: " + e.getMessage(), e);
            }
            LOG.info("Model {} {} ({}) installed by {}: {} files, {} bytes", descriptor.name(), descriptor.version(), descriptor.task(),
                    actor, files.size(), size);
            return installed(row);
        } catch (SQLException e) {
            throw new IOException("Cannot read the model registry: " + e.getMessage(), e);
        } finally {
            deleteTree(incoming);
        }
    }

    /** Copies the upload to disk, counting it against the limits as it arrives. */
    private String receive(InputStream in, Path file, long used) throws IOException {
        long free = quotaBytes - used;
        long limit = Math.min(limits.maxPackageBytes(), Math.max(0, free));
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256Digest())) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > limit) {
                    if (limit == limits.maxPackageBytes()) {
                        throw new InvalidInputException("The package is larger than the " + limits.maxPackageBytes() / MIB + " MiB allowed");
                    }
                    throw quotaExceeded(used, total);
                }
                out.write(buffer, 0, read);
            }
            if (total == 0) {
                throw new InvalidInputException("The upload is empty: send the model package (.tar)");
            }
            return HexFormat.of().formatHex(((DigestOutputStream) out).getMessageDigest().digest());
        }
    }

    private StorageExhaustedException quotaExceeded(long used, long atLeast) {
        return new StorageExhaustedException(String.format(java.util.Locale.ROOT,
                "Model storage quota exceeded: %.1f MiB used of %.1f MiB (%.1f MiB free); this package needs at least %.1f MiB. "
                        + "Delete models you no longer use (DELETE /api/models/NAME).",
                used / (double) MIB, quotaBytes / (double) MIB, Math.max(0, quotaBytes - used) / (double) MIB, atLeast / (double) MIB));
    }

    /** The ONNX file loads in the engine, and answers zeros with outputs of the declared shapes. */
    private void checkModelRuns(ModelDescriptor descriptor, Path unpacked) {
        Path model = unpacked.resolve(descriptor.modelFile().path());
        try (InferenceSession session = engine.open(model, 1)) {
            Map<String, float[]> inputs = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (TensorSpec input : descriptor.inputs()) {
                long[] actual = session.inputs().get(input.name());
                DescriptorChecks.require(actual != null, "the model has no input '" + input.name() + "'; it has " + session.inputs().keySet());
                DescriptorChecks.require(compatible(input.shape(), actual), "input '" + input.name() + "' has shape "
                        + java.util.Arrays.toString(actual) + ", descriptor says " + input.shape());
                long[] concrete = input.shape().stream().mapToLong(d -> d < 0 ? 1 : d).toArray();
                long elements = 1;
                for (long d : concrete) {
                    elements *= d;
                }
                DescriptorChecks.require(elements <= 64L * 1024 * 1024, "input '" + input.name() + "' is too large to test");
                inputs.put(input.name(), new float[(int) elements]);
                shapes.put(input.name(), concrete);
            }
            session.run(inputs, shapes);
            for (TensorSpec output : descriptor.outputs()) {
                long[] actual = session.lastOutputShapes().get(output.name());
                DescriptorChecks.require(actual != null, "the model gives no output '" + output.name() + "'; it gives "
                        + session.lastOutputShapes().keySet());
                DescriptorChecks.require(compatible(output.shape(), actual), "output '" + output.name() + "' has shape "
                        + java.util.Arrays.toString(actual) + ", descriptor says " + output.shape());
            }
        } catch (InferenceException e) {
            throw new InvalidInputException("Invalid model package: the ONNX model does not work: " + e.getMessage(), e);
        }
    }

    /** Declared -1 matches any size; a dynamic actual dimension matches any declared size. */
    private static boolean compatible(List<Long> declared, long[] actual) {
        if (declared.size() != actual.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (declared.get(i) >= 0 && actual[i] >= 0 && declared.get(i) != actual[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void delete(String name, String actor) throws IOException {
        try {
            ModelStore.Row row = store.find(name).orElseThrow(() -> new ResourceNotFoundException("No model named '" + name + "' on this host"));
            List<String> users = usersOf(name);
            if (!users.isEmpty()) {
                throw new ConflictException("Model '" + name + "' is in use by " + String.join(", ", users)
                        + "; choose another model for them first");
            }
            store.delete(row, actor);
            deleteTree(folder.resolve(name));
            LOG.info("Model {} {} deleted by {}", name, row.version(), actor);
        } catch (SQLException e) {
            throw new IOException("Cannot update the model registry: " + e.getMessage(), e);
        }
    }

    /** Whether a package's model (by the name in its descriptor) is installed already. */
    boolean isInstalled(java.util.Optional<String> name) {
        return name.isPresent() && model(name.get()).isPresent();
    }

    @Override
    public List<ModelHistoryEntry> history(String name) {
        try {
            return store.history(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the model history: " + e.getMessage(), e);
        }
    }

    /**
     * What uses a model. {@link ModelUsage} services are looked up at the moment of asking rather than
     * bound by a reference: their providers (the task manager) need this registry, and a reference the
     * other way round is a cycle that SCR may refuse while the provider is still activating.
     */
    List<String> usersOf(String name) {
        List<String> users = new ArrayList<>();
        usages.forEach(u -> users.addAll(u.usersOf(name)));
        if (context != null) {
            try {
                for (ServiceReference<ModelUsage> reference : context.getServiceReferences(ModelUsage.class, null)) {
                    ModelUsage usage = context.getService(reference);
                    if (usage != null) {
                        try {
                            users.addAll(usage.usersOf(name));
                        } finally {
                            context.ungetService(reference);
                        }
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return users;
    }

    @Override
    public long usedBytes() {
        try {
            return store.all().stream().mapToLong(ModelStore.Row::sizeBytes).sum();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long quotaBytes() {
        return quotaBytes;
    }

    Path folder() {
        return folder;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
