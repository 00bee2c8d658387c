package io.platewise.recognition.internal.rest;

import io.platewise.core.InvalidInputException;
import io.platewise.core.security.Role;
import io.platewise.recognition.internal.tasks.TaskManager;
import io.platewise.recognition.internal.tasks.TaskManager.TaskView;
import io.platewise.rest.PlatewiseRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/tasks}: LPR tasks (camera + models + parameters) and their lifecycle. Every request is
 * validated completely before anything changes; a model change on a running task is a hot swap.
 */
@Component(service = TasksResource.class)
@JakartarsResource
@JakartarsName("platewise.tasks")
@JakartarsExtensionSelect({PlatewiseRest.JSON, PlatewiseRest.AUTHENTICATION})
@Path("tasks")
@Produces(MediaType.APPLICATION_JSON)
public final class TasksResource {

    private final TaskManager tasks;

    @Activate
    public TasksResource(@Reference TaskManager tasks) {
        this.tasks = tasks;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    public List<TaskView> list() {
        return tasks.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Role.VIEWER_NAME)
    public TaskView get(@PathParam("id") String id) {
        return tasks.get(id);
    }

    /** Creates a task, running unless {@code start=false}. */
    @POST
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> request, @QueryParam("start") @DefaultValue("true") boolean start,
            @Context SecurityContext security) throws SQLException {
        if (request == null) {
            throw new InvalidInputException("Send the task as JSON: {\"id\": ..., \"cameraId\": ..., ...}");
        }
        TaskView created = tasks.create(request, start, security.getUserPrincipal().getName());
        return Response.created(URI.create("tasks/" + created.definition().id())).entity(created).build();
    }

    /** Reconfigures a task: the fields sent replace the task's; new models on a running task are hot-swapped. */
    @PUT
    @Path("{id}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public TaskView update(@PathParam("id") String id, Map<String, Object> changes, @Context SecurityContext security) throws SQLException {
        if (changes == null) {
            throw new InvalidInputException("Send the changed fields as JSON");
        }
        return tasks.update(id, changes, security.getUserPrincipal().getName());
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed(Role.OPERATOR_NAME)
    public TaskView start(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        return tasks.start(id, security.getUserPrincipal().getName());
    }

    @POST
    @Path("{id}/stop")
    @RolesAllowed(Role.OPERATOR_NAME)
    public TaskView stop(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        return tasks.stop(id, security.getUserPrincipal().getName());
    }

    @POST
    @Path("{id}/archive")
    @RolesAllowed(Role.OPERATOR_NAME)
    public TaskView archive(@PathParam("id") String id, @Context SecurityContext security) throws SQLException {
        return tasks.archive(id, security.getUserPrincipal().getName());
    }

    /** The task's model swaps, newest first: who, when, from, to, result. */
    @GET
    @Path("{id}/swaps")
    @RolesAllowed(Role.VIEWER_NAME)
    public List<io.platewise.recognition.internal.tasks.ModelSwap> swaps(@PathParam("id") String id) throws SQLException {
        return tasks.swaps(id);
    }
}
