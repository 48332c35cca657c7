package dev.jobpool.task.web;

import dev.jobpool.task.ArgumentSchema;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the tasks clients may submit, with a JSON Schema of their arguments. */
@RestController
@Tag(name = "tasks", description = "The registered tasks")
class TaskController {

    @Schema(name = "Task")
    record TaskResponse(String name, String description,
                        @Schema(description = "parameter names in positional order") List<String> parameters,
                        @Schema(description = "JSON Schema (2020-12) of the arguments as keyword arguments")
                        Map<String, Object> argumentsSchema) {
    }

    private final List<TaskResponse> tasks;

    TaskController(TaskCatalog catalog) {
        this.tasks = catalog.all().stream().map(TaskController::describe).toList();
    }

    private static TaskResponse describe(Task<?> task) {
        List<String> parameters = Arrays.stream(task.argumentsType().getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        return new TaskResponse(task.name(), task.description(), parameters, ArgumentSchema.of(task.argumentsType()));
    }

    @GetMapping(value = "/api/v1/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listTasks", summary = "Lists the tasks that can be submitted")
    List<TaskResponse> list() {
        return tasks;
    }
}
