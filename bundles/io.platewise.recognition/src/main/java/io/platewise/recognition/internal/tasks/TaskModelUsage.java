package io.platewise.recognition.internal.tasks;

import io.platewise.models.ModelUsage;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tells the model registry which models the tasks use (the registry looks this service up when a
 * model is about to be deleted). Kept apart from {@link TaskManager} so that the manager offers one
 * service and nothing outside this bundle ever has to get it while it activates.
 */
@Component(service = ModelUsage.class)
public final class TaskModelUsage implements ModelUsage {

    private final TaskManager tasks;

    @Activate
    public TaskModelUsage(@Reference TaskManager tasks) {
        this.tasks = tasks;
    }

    @Override
    public List<String> usersOf(String modelName) {
        return tasks.usersOfModel(modelName);
    }
}
