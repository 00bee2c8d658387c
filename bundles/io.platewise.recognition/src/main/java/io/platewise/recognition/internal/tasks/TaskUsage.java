package io.platewise.recognition.internal.tasks;

import io.platewise.models.ModelUsage;
import io.platewise.video.CameraUsage;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tells the model registry and the cameras which models and cameras the tasks use (each looks this
 * up before it deletes one). Kept apart from {@link TaskManager} so that the manager offers one
 * service and nothing outside this bundle ever has to get it while it activates.
 */
@Component(service = {ModelUsage.class, CameraUsage.class})
public final class TaskUsage implements ModelUsage, CameraUsage {

    private final TaskManager tasks;

    @Activate
    public TaskUsage(@Reference TaskManager tasks) {
        this.tasks = tasks;
    }

    @Override
    public List<String> usersOf(String modelName) {
        return tasks.usersOfModel(modelName);
    }

    @Override
    public List<String> usersOfCamera(String cameraId) {
        return tasks.usersOfCamera(cameraId);
    }
}
