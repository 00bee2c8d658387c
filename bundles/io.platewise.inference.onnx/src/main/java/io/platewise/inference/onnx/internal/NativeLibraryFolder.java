package io.platewise.inference.onnx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.io.file.PathUtils;

/**
 * ONNX Runtime's native libraries, unpacked once into a folder of ours and loaded from there
 * ({@value #PATH_PROPERTY}).
 *
 * <p>Left to itself, ONNX Runtime unpacks its 28 MB of libraries into a new folder of the system's
 * temporary folder at every start and leaves their removal to the JVM's exit hooks. The launcher ends
 * the JVM with a halt after a clean stop (see its Main), so those hooks never run: every start of the
 * server left 28 MB behind in /tmp, and a /tmp mounted noexec, as hardened hosts have it, could not
 * load them at all. Here they are unpacked under the data folder, in a folder named after their
 * content, so a start after the first writes nothing, and an upgrade unpacks the new ones beside and
 * removes the old.
 */
final class NativeLibraryFolder {

    /** The system property ONNX Runtime reads for a folder holding its native libraries. */
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    /** What ONNX Runtime's Java binding loads, in the order it loads them. */
    static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    private static final String PREFIX = "onnxruntime-";
    private static final String PARTIAL = ".partial-";
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private NativeLibraryFolder() {
    }

    /**
     * The folder under {@code parent} holding the libraries that the binding's jar carries for this
     * platform, unpacked now if no earlier start did. Empty where the jar carries none for this
     * platform (ONNX Runtime then says why it cannot load).
     */
    static Optional<Path> unpack(Class<?> binding, Path parent) throws IOException {
        List<URL> resources = new ArrayList<>();
        for (String library : LIBRARIES) {
            URL resource = binding.getResource(resourcePath(library));
            if (resource == null) {
                return Optional.empty();
            }
            resources.add(resource);
        }
        // Named after the content, not a version string: a rebuilt library is never taken for the old one.
        Path folder = parent.resolve(PREFIX + digestOf(resources));
        if (complete(folder)) {
            for (String library : LIBRARIES) {
                // Unpacked by a build that did not mark them executable, or copied without their modes.
                executable(folder.resolve(System.mapLibraryName(library)));
            }
        } else {
            Files.createDirectories(parent);
            Path partial = Files.createTempDirectory(parent, "." + folder.getFileName() + PARTIAL);
            try {
                for (int i = 0; i < resources.size(); i++) {
                    Path library = partial.resolve(System.mapLibraryName(LIBRARIES.get(i)));
                    try (InputStream in = resources.get(i).openStream()) {
                        Files.copy(in, library);
                    }
                    executable(library);
                }
                if (!complete(folder)) {
                    // Only a hand can have broken a folder made whole: it is replaced. (Whole now: another JVM's, just made.)
                    deleteTree(folder);
                }
                moveIntoPlace(partial, folder);
            } finally {
                deleteTree(partial);
            }
        }
        removeOthers(parent, folder);
        return Optional.of(folder);
    }

    /**
     * Whether the libraries in {@code folder} can be loaded: not on a file system mounted noexec, where
     * the kernel refuses to map them for execution (and says so to an access check).
     */
    static boolean loadable(Path folder) {
        return LIBRARIES.stream().allMatch(library -> Files.isExecutable(folder.resolve(System.mapLibraryName(library))));
    }

    /** Marks a library executable where it can; {@link #loadable} then says whether that was enough. */
    private static void executable(Path library) {
        try {
            Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: whatever can be read can be loaded.
        } catch (IOException notOurs) {
            // Unpacked by another user, say: loadable decides.
        }
    }

    /** Where the binding keeps a library for this platform, as ONNX Runtime's own loader looks for it. */
    static String resourcePath(String library) {
        return "/ai/onnxruntime/native/" + platform() + "/" + System.mapLibraryName(library);
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
        return osPart + "-" + archPart;
    }

    private static boolean complete(Path folder) {
        // A folder of that name is only ever made by renaming a fully written one, so present means whole.
        return LIBRARIES.stream().allMatch(library -> Files.isRegularFile(folder.resolve(System.mapLibraryName(library))));
    }

    private static void moveIntoPlace(Path partial, Path folder) throws IOException {
        try {
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherProcessWasFaster) {
            // Another JVM on the same data folder (an eval beside the server) unpacked the same content.
            if (!complete(folder)) {
                throw anotherProcessWasFaster;
            }
        } catch (AtomicMoveNotSupportedException impossibleInOneFolder) {
            throw new IOException("Cannot rename " + partial + " to " + folder + " atomically", impossibleInOneFolder);
        }
    }

    /** Libraries of earlier versions, and partial folders left by a start that was killed while unpacking. */
    private static void removeOthers(Path parent, Path kept) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean old = name.startsWith(PREFIX) && !entry.equals(kept);
                // A partial folder this new may be another JVM's, unpacking as this one did.
                boolean abandoned = name.startsWith("." + PREFIX) && name.contains(PARTIAL)
                        && Files.getLastModifiedTime(entry).toInstant().isBefore(Instant.now().minus(ABANDONED_AFTER));
                if ((old || abandoned) && Files.isDirectory(entry)) {
                    try {
                        deleteTree(entry);
                    } catch (IOException inUse) {
                        // Another platform may refuse while a process has them loaded: the next start tries again.
                    }
                }
            }
        }
    }

    private static String digestOf(List<URL> resources) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        for (URL resource : resources) {
            try (InputStream in = new DigestInputStream(resource.openStream(), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            PathUtils.deleteDirectory(root);
        }
    }
}
