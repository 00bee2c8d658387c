package io.platewise.itest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL server from Debian's packages (postgresql), started in a temporary
 * folder on a free port. PostgreSQL refuses to run as root, so as root it runs as the
 * {@code postgres} user the package creates.
 */
final class PostgresServer implements AutoCloseable {

    private final Path binaries;
    private final Path dataFolder;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path binaries, Path dataFolder, int port, boolean asPostgresUser) {
        this.binaries = binaries;
        this.dataFolder = dataFolder;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** @return empty, with the reason printed, where no server can be started here */
    static Optional<PostgresServer> start(Path folder) throws Exception {
        Optional<Path> binaries = findBinaries();
        if (binaries.isEmpty()) {
            System.out.println("SKIPPED PostgreSQL test: no /usr/lib/postgresql/*/bin/initdb (install Debian's postgresql package)");
            return Optional.empty();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && run(List.of("id", "-u", "postgres"), false) != 0) {
            System.out.println("SKIPPED PostgreSQL test: running as root and there is no 'postgres' user to run the server as");
            return Optional.empty();
        }
        Path data = folder.resolve("pgdata");
        Files.createDirectories(folder);
        int port = PlatewiseServer.freePort();
        PostgresServer server = new PostgresServer(binaries.get(), data, port, root);
        if (root) {
            run(List.of("chown", "-R", "postgres", folder.toString()), true);
            // The folders above must be traversable by the postgres user.
            for (Path p = folder; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
                run(List.of("chmod", "o+x", p.toString()), false);
            }
        }
        if (server.pg("initdb", "-D", data.toString(), "-U", "platewise", "--auth=trust", "-E", "UTF8") != 0) {
            System.out.println("SKIPPED PostgreSQL test: initdb failed");
            return Optional.empty();
        }
        int started = server.pg("pg_ctl", "-D", data.toString(), "-l", folder.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1", "start");
        if (started != 0) {
            System.out.println("SKIPPED PostgreSQL test: the server did not start; see " + folder.resolve("postgres.log"));
            return Optional.empty();
        }
        return Optional.of(server);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static Optional<Path> findBinaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (var versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        }
    }

    private int pg(String tool, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binaries.resolve(tool).toString());
        command.addAll(Arrays.asList(arguments));
        return run(command, false);
    }

    private static int run(List<String> command, boolean mustSucceed) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(System.getProperty("java.io.tmpdir"), "platewise-itest-postgres.log")))
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        if (mustSucceed && process.exitValue() != 0) {
            throw new IllegalStateException("Command failed: " + command);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        pg("pg_ctl", "-D", dataFolder.toString(), "-m", "fast", "-w", "stop");
    }
}
