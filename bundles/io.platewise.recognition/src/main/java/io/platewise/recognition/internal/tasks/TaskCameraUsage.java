package io.platewise.recognition.internal.tasks;

import io.platewise.video.CameraUsage;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Tells the cameras which of them the tasks use, so that a camera in use is not deleted under them. */
@Component(service = CameraUsage.class)
public final class TaskCameraUsage implements CameraUsage {

    private final TaskManager tasks;

    @Activate
    public TaskCameraUsage(@Reference TaskManager tasks) {
        this.tasks = tasks;
    }

    @Override
    public List<String> usersOf(String cameraId) {
        return tasks.usersOfCamera(cameraId);
    }
}
