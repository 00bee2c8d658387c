package io.platewise.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Constants;

/** The properties the framework is launched with. */
final class FrameworkProperties {

    /**
     * SLF4J lives on the launcher's class path so that the launcher, Jetty and every bundle log
     * through one backend; the system bundle exports its API. It is exported as 1.7.36 too, as
     * slf4j-api's own bundle does, for bundles (HikariCP, Flyway) that import {@code [1.6,2)}.
     */
    static final String SLF4J_EXPORTS = "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,"
            + "org.slf4j.helpers;version=2.0.17,org.slf4j.spi;version=2.0.17,"
            + "org.slf4j;version=1.7.36,org.slf4j.helpers;version=1.7.36,org.slf4j.spi;version=1.7.36";

    private FrameworkProperties() {
    }

    static Map<String, String> of(Settings settings, Path home, Path data, String version, List<String> features) {
        Map<String, String> properties = new HashMap<>(settings.all());
        properties.put("platewise.home", home.toString());
        properties.put("platewise.data", data.toString());
        properties.put("platewise.version", version == null ? "development" : version);
        properties.put("platewise.features", String.join(",", features));
        // Felix HTTP starts before config/ is read, so its ports and TLS must be right from the start;
        // config/org.apache.felix.http.cfg then says the same.
        properties.put("org.osgi.service.http.port", settings.get("platewise.http.port", "8080"));
        if ("true".equalsIgnoreCase(settings.get("platewise.https.enabled", "false"))) {
            properties.put("org.apache.felix.https.enable", "true");
            properties.put("org.osgi.service.http.port.secure", settings.get("platewise.https.port", "8443"));
            properties.put("org.apache.felix.https.keystore", settings.get("platewise.https.keystore", ""));
            properties.put("org.apache.felix.https.keystore.password", settings.get("platewise.https.keystore.password", ""));
            properties.put("org.apache.felix.https.keystore.key.password", settings.get("platewise.https.keystore.password", ""));
            properties.put("org.apache.felix.https.keystore.type", "PKCS12");
        }
        properties.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
        // Every start installs exactly what the features name; deploy/ is re-read by File Install.
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // ConfigAdmin keeps its store outside the cache that every start wipes: cameras added over REST are
        // configurations too, and must survive a restart.
        properties.put("felix.cm.dir", data.resolve("configurations").toString());
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SLF4J_EXPORTS);
        properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(Main.RUNNING_START_LEVEL));
        properties.put("felix.log.level", "1");
        properties.put("ds.loglevel", "warn");
        // File Install watches config/ (this instance) and deploy/ (a second instance configured in config/).
        properties.put("felix.fileinstall.dir", home.resolve("config").toString());
        properties.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        properties.put("felix.fileinstall.poll", "1000");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        // Without this File Install rewrites the watched .cfg files when a configuration changes.
        properties.put("felix.fileinstall.enableConfigSave", "false");
        properties.put("felix.fileinstall.log.level", "2");
        // Left unset, each File Install instance makes a new folder in the system's temporary folder at every
        // start and leaves it to the JVM's exit hooks, which the launcher's halt skips: one more per start, for ever.
        properties.put("felix.fileinstall.tmpdir", data.resolve("fileinstall").resolve("config").toString());
        return properties;
    }
}
