package io.platewise.models.internal;

import io.platewise.core.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a model package into an empty folder, refusing anything that could escape the folder or
 * exhaust the disk: absolute paths, {@code ..}, links of either kind, devices and other special
 * files, too many entries, and more unpacked bytes than allowed (counted as they are written, so a
 * header that lies about its size does not help).
 */
final class PackageExtractor {

    private PackageExtractor() {
    }

    /** @return each unpacked file's path (relative, with '/') and size */
    static Map<String, Long> extract(Path packageFile, Path target, PackageLimits limits) throws IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        Map<String, Long> files = new LinkedHashMap<>();
        long total = 0;
        int entries = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(packageFile));
                TarArchiveInputStream tar = new TarArchiveInputStream(gunzipIfNeeded(raw))) {
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar)) != null) {
                entries++;
                if (entries > limits.maxFiles()) {
                    throw new InvalidInputException("The package has more than " + limits.maxFiles() + " entries");
                }
                String name = entry.getName();
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new InvalidInputException("The package contains a link (" + name + " -> " + entry.getLinkName()
                            + "); links are not allowed in model packages");
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    throw new InvalidInputException("The package contains a device or special file: " + name);
                }
                Path destination = safePath(root, name);
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                if (!entry.isFile()) {
                    throw new InvalidInputException("The package contains an entry that is not a plain file: " + name);
                }
                if (files.containsKey(relative(root, destination))) {
                    throw new InvalidInputException("The package contains " + name + " twice");
                }
                Files.createDirectories(destination.getParent());
                long written = 0;
                byte[] buffer = new byte[64 * 1024];
                try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW)) {
                    int read;
                    while ((read = tar.read(buffer)) > 0) {
                        written += read;
                        if (total + written > limits.maxUnpackedBytes()) {
                            throw new InvalidInputException("The package unpacks to more than " + limits.maxUnpackedBytes() / (1024 * 1024)
                                    + " MiB; refused as a possible decompression bomb");
                        }
                        out.write(buffer, 0, read);
                    }
                }
                if (written != entry.getSize()) {
                    throw new InvalidInputException("The package is truncated: " + name + " should have " + entry.getSize()
                            + " bytes, has " + written);
                }
                total += written;
                files.put(relative(root, destination), written);
            }
        }
        if (entries == 0) {
            throw new InvalidInputException("The upload is not a tar archive, or an empty one");
        }
        return files;
    }

    /**
     * The {@code name} in a package's descriptor, read without unpacking anything else: lets the
     * shipped and bundled packages be skipped cheaply when their model is installed already.
     * Empty when the package has no readable descriptor (installing it then reports why).
     */
    static java.util.Optional<String> modelName(InputStream packageStream) throws IOException {
        InputStream buffered = packageStream.markSupported() ? packageStream : new java.io.BufferedInputStream(packageStream);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gunzipIfNeeded(buffered))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && "descriptor.json".equals(entry.getName())) {
                    com.fasterxml.jackson.databind.JsonNode name = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tar).get("name");
                    return name == null ? java.util.Optional.empty() : java.util.Optional.of(name.asText());
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("The upload is not a readable tar archive: " + e.getMessage(), e);
        }
    }

    private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    /** The entry's place inside the root; anything that would land outside it is refused. */
    static Path safePath(Path root, String name) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw new InvalidInputException("The package contains an absolute path: " + name);
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new InvalidInputException("The package contains a path that climbs out of it: " + name);
            }
        }
        Path destination = root.resolve(name).normalize();
        if (!destination.startsWith(root)) {
            throw new InvalidInputException("The package contains a path outside the package: " + name);
        }
        return destination;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
