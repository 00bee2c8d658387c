package io.platewise.filestore.internal;

import io.platewise.core.DataFolder;
import io.platewise.core.InvalidInputException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.core.StorageExhaustedException;
import io.platewise.core.health.HealthCheck;
import io.platewise.core.health.HealthIndicator;
import io.platewise.core.health.HealthStatus;
import io.platewise.filestore.FileStore;
import io.platewise.filestore.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Files under one folder, sharded by area and UTC day so that no folder grows without bound. */
@Component(service = {FileStore.class, HealthIndicator.class}, configurationPid = "io.platewise.filestore",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FileStoreConfiguration.class)
public final class LocalFileStore implements FileStore, HealthIndicator {

    private static final Pattern AREA = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");
    private static final Pattern REFERENCE = Pattern.compile("[a-z][a-z0-9-]{0,31}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127})+");
    private static final long MIB = 1024L * 1024L;

    private final Path root;
    private final long reserveBytes;

    @Activate
    public LocalFileStore(FileStoreConfiguration configuration, BundleContext context) throws IOException {
        this(DataFolder.configuredOr(configuration.folder(), context, "files"), configuration.reserveMegabytes());
    }

    LocalFileStore(Path root, long reserveMegabytes) throws IOException {
        if (reserveMegabytes < 0) {
            throw new InvalidInputException("reserveMegabytes must not be negative, was " + reserveMegabytes);
        }
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
        this.reserveBytes = reserveMegabytes * MIB;
    }

    @Override
    public StoredFile store(String area, String extension, InputStream content) throws IOException {
        if (area == null || !AREA.matcher(area).matches()) {
            throw new InvalidInputException("Area must be lower-case letters, digits or '-', was '" + area + "'");
        }
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new InvalidInputException("Extension must be 1-8 lower-case letters or digits, was '" + extension + "'");
        }
        long free = usableBytes();
        if (free < reserveBytes) {
            throw new StorageExhaustedException("Disk of the file store has " + free / MIB + " MiB free, below its reserve of "
                    + reserveBytes / MIB + " MiB: free some space or lower io.platewise.filestore reserveMegabytes");
        }
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        String reference = String.format("%s/%04d/%02d/%02d/%s.%s", area, day.getYear(), day.getMonthValue(),
                day.getDayOfMonth(), UUID.randomUUID(), extension);
        Path target = resolve(reference);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
        try {
            MessageDigest digest = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
                size = content.transferTo(out);
            }
            moveIntoPlace(temporary, target);
            return new StoredFile(reference, size, HexFormat.of().formatHex(digest.digest()));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String reference) throws IOException {
        try {
            return Files.newInputStream(resolve(reference));
        } catch (NoSuchFileException e) {
            throw new ResourceNotFoundException("No stored file " + reference);
        }
    }

    @Override
    public Path resolve(String reference) {
        if (reference == null || !REFERENCE.matcher(reference).matches() || reference.contains("..")) {
            throw new InvalidInputException("Not a file store reference: '" + reference + "'");
        }
        Path path = root.resolve(reference).normalize();
        if (!path.startsWith(root)) {
            throw new InvalidInputException("Not a file store reference: '" + reference + "'");
        }
        return path;
    }

    @Override
    public boolean delete(String reference) throws IOException {
        return Files.deleteIfExists(resolve(reference));
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public long usableBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    @Override
    public List<HealthCheck> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("folder", root.toString());
        details.put("reserveMiB", reserveBytes / MIB);
        try {
            java.nio.file.FileStore disk = Files.getFileStore(root);
            long usable = disk.getUsableSpace();
            details.put("freeMiB", usable / MIB);
            details.put("totalMiB", disk.getTotalSpace() / MIB);
            HealthStatus status = usable < reserveBytes ? HealthStatus.DOWN
                    : usable < 2 * reserveBytes ? HealthStatus.DEGRADED : HealthStatus.UP;
            String message = usable / MIB + " MiB free on the data disk";
            if (status != HealthStatus.UP) {
                message += " (reserve " + reserveBytes / MIB + " MiB)";
            }
            return List.of(new HealthCheck("disk", status, true, message, details));
        } catch (IOException e) {
            return List.of(HealthCheck.down("disk", true, "Cannot read the data disk: " + e.getMessage(), details));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is not available", e));
        }
    }
}
