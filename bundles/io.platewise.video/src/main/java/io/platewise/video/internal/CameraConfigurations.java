package io.platewise.video.internal;

import io.platewise.core.ConfigurationFiles;
import io.platewise.core.ConflictException;
import io.platewise.core.ResourceNotFoundException;
import io.platewise.video.CameraService;
import io.platewise.video.CameraUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Cameras as ConfigAdmin factory configurations, found by their {@code id} property whether they
 * came from a config/ file or from the REST API. Every change is validated by
 * {@link CameraSettings} before it is written.
 */
@Component(service = CameraConfigurations.class)
public final class CameraConfigurations {

    private final ConfigurationAdmin configurationAdmin;
    private final List<CameraUsage> usages = new CopyOnWriteArrayList<>();

    @Activate
    public CameraConfigurations(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addUsage(CameraUsage usage) {
        usages.add(usage);
    }

    void removeUsage(CameraUsage usage) {
        usages.remove(usage);
    }

    public List<Map<String, Object>> all() throws IOException {
        List<Map<String, Object>> cameras = new ArrayList<>();
        for (Configuration configuration : list("(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + CameraService.FACTORY_PID + ")")) {
            cameras.add(view(configuration.getProperties()));
        }
        cameras.sort(Comparator.comparing(c -> String.valueOf(c.get("id"))));
        return cameras;
    }

    public Optional<Map<String, Object>> find(String id) throws IOException {
        return configuration(id).map(c -> view(c.getProperties()));
    }

    public Map<String, Object> create(Map<String, Object> request) throws IOException {
        CameraSettings settings = CameraSettings.fromMap(request);
        if (configuration(settings.id()).isPresent()) {
            throw new ConflictException("A camera with id '" + settings.id() + "' already exists");
        }
        Configuration configuration = configurationAdmin.getFactoryConfiguration(CameraService.FACTORY_PID, settings.id(), "?");
        configuration.update(settings.toConfiguration());
        return view(settings.toConfiguration());
    }

    public Map<String, Object> update(String id, Map<String, Object> changes) throws IOException {
        Configuration configuration = configuration(id).orElseThrow(() -> new ResourceNotFoundException("No camera '" + id + "'"));
        refuseIfFromFile(id, configuration, "change");
        Map<String, Object> merged = new HashMap<>(view(configuration.getProperties()));
        merged.putAll(changes);
        merged.put("id", id);
        CameraSettings settings = CameraSettings.fromMap(merged);
        configuration.update(settings.toConfiguration());
        return view(settings.toConfiguration());
    }

    public void delete(String id) throws IOException {
        Configuration configuration = configuration(id).orElseThrow(() -> new ResourceNotFoundException("No camera '" + id + "'"));
        refuseIfFromFile(id, configuration, "delete");
        List<String> users = new ArrayList<>();
        usages.forEach(usage -> users.addAll(usage.usersOfCamera(id)));
        if (!users.isEmpty()) {
            throw new ConflictException("Camera '" + id + "' is in use by " + String.join(", ", users)
                    + "; archive them or move them to another camera first");
        }
        configuration.delete();
    }

    /**
     * A camera from a config/ file belongs to that file: File Install applies the file again at every
     * start, so a change or deletion over REST would quietly come undone. Say so instead, as openHAB
     * does for things defined in files.
     */
    private static void refuseIfFromFile(String id, Configuration configuration, String action) {
        Optional<Path> file = ConfigurationFiles.fileOf(configuration.getProperties());
        if (file.isPresent()) {
            throw new ConflictException("Camera '" + id + "' is defined by the file " + file.get() + "; " + action
                    + " it there (File Install applies the file again at every start, so a " + action + " over REST would not last)");
        }
    }

    private Optional<Configuration> configuration(String id) throws IOException {
        if (id == null || !CameraSettings.ID.matcher(id).matches()) {
            return Optional.empty();
        }
        List<Configuration> found = list("(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + CameraService.FACTORY_PID + ")(id=" + id + "))");
        return found.stream().findFirst();
    }

    private List<Configuration> list(String filter) throws IOException {
        try {
            Configuration[] configurations = configurationAdmin.listConfigurations(filter);
            return configurations == null ? Collections.emptyList() : List.of(configurations);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The camera's properties, without ConfigAdmin's bookkeeping and with the source's password hidden. */
    private static Map<String, Object> view(Dictionary<String, ?> properties) {
        Map<String, Object> view = new TreeMap<>();
        for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!key.startsWith("service.") && !key.startsWith("felix.") && !key.equals("component.name")) {
                view.put(key, properties.get(key));
            }
        }
        Object source = view.get("source");
        if (source != null) {
            try {
                view.put("source", CameraSettings.fromMap(withDefaults(view)).redactedSource());
            } catch (RuntimeException invalid) {
                view.put("source", source);
            }
        }
        return new LinkedHashMap<>(view);
    }

    private static Map<String, Object> withDefaults(Map<String, Object> view) {
        Map<String, Object> copy = new HashMap<>(view);
        copy.putIfAbsent("id", "x");
        return copy;
    }
}
