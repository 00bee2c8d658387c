package io.platewise.recognition.internal.tasks;

import io.platewise.models.ModelUsage;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tells the model registry which models the tasks use. A component of its own, not a second
 * service of {@link TaskManager}: the registry binds usages as they appear, and binding the task
 * manager while it is still activating (it needs the registry) is a cycle SCR refuses.
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
        return tasks.usersOf(modelName);
    }
}
