package dev.jobpool.task;

import dev.jobpool.task.builtin.DivideTask;
import dev.jobpool.task.builtin.EchoTask;
import dev.jobpool.task.builtin.SleepTask;
import dev.jobpool.task.builtin.SumOfSquaresTask;
import jakarta.validation.Validation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding follows Python's call rules, with strict JSON types. */
class ArgumentBinderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ArgumentBinder binder = new ArgumentBinder(Validation.buildDefaultValidatorFactory().getValidator());

    private static List<JsonNode> args(String json) {
        return JSON.readValue(json, JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    private static Map<String, JsonNode> kwargs(String json) {
        return JSON.readValue(json, JSON.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class));
    }

    private List<ArgumentError> errors(Task<?> task, String positional, String keywords) {
        try {
            binder.bind(task, args(positional), kwargs(keywords));
        } catch (InvalidArguments e) {
            return e.errors();
        }
        throw new AssertionError("bound without errors");
    }

    @Test
    void positionalAndKeywordArgumentsFillParametersInDeclaredOrder() {
        TaskCall<SleepTask.Args> byPosition = binder.bind(new SleepTask(), args("[1.5, \"done\"]"), null);
        TaskCall<SleepTask.Args> mixed = binder.bind(new SleepTask(), args("[1.5]"), kwargs("{\"result\": \"done\"}"));
        TaskCall<SleepTask.Args> optionalLeftOut = binder.bind(new SleepTask(), null, kwargs("{\"seconds\": 0}"));

        assertThat(byPosition.args()).isEqualTo(new SleepTask.Args(1.5, "done"));
        assertThat(mixed.args()).isEqualTo(byPosition.args());
        assertThat(optionalLeftOut.args()).isEqualTo(new SleepTask.Args(0, null));
    }

    @Test
    void integersAreAcceptedForFloatsAsInPython() {
        assertThat(binder.bind(new DivideTask(), args("[5]"), null).args().n()).isEqualTo(5.0);
    }

    @Test
    void anyJsonValueBindsToAnUntypedParameterIncludingNull() {
        assertThat(binder.bind(new EchoTask(), args("[{\"a\": [1, 2]}]"), null).args().value())
                .isEqualTo(Map.of("a", List.of(1, 2)));
        assertThat(binder.bind(new EchoTask(), args("[null]"), null).args().value()).isNull();
    }

    @Test
    void missingExtraDuplicatedAndUnexpectedArgumentsAreAllReported() {
        assertThat(errors(new SleepTask(), "[]", "{}")).containsExactly(
                new ArgumentError("seconds", "sleep() missing required argument 'seconds'"));
        assertThat(errors(new SleepTask(), "[1, 2, 3]", "{\"seconds\": 1, \"when\": 2}")).containsExactly(
                new ArgumentError("args", "sleep() takes 2 positional arguments but 3 were given"),
                new ArgumentError("kwargs.when", "sleep() got an unexpected keyword argument 'when'"),
                new ArgumentError("seconds", "sleep() got multiple values for argument 'seconds'"));
    }

    @Test
    void typesAreStrict() {
        assertThat(errors(new SumOfSquaresTask(), "[\"10\"]", "{}")).containsExactly(
                new ArgumentError("n", "must be an integer, got string"));
        assertThat(errors(new SumOfSquaresTask(), "[10.5]", "{}")).containsExactly(
                new ArgumentError("n", "must be an integer, got number 10.5"));
        assertThat(errors(new SumOfSquaresTask(), "[null]", "{}")).containsExactly(
                new ArgumentError("n", "must be an integer, got null"));
        assertThat(errors(new SumOfSquaresTask(), "[99999999999999999999999]", "{}")).containsExactly(
                new ArgumentError("n", "is out of range: 99999999999999999999999"));
        assertThat(errors(new DivideTask(), "[true]", "{}")).containsExactly(
                new ArgumentError("n", "must be a number, got boolean"));
    }

    @Test
    void constraintsAndTaskChecksAreApplied() {
        assertThat(errors(new SleepTask(), "[-1]", "{}")).extracting(ArgumentError::field).containsExactly("seconds");
        assertThat(errors(new SumOfSquaresTask(), "[-5]", "{}")).extracting(ArgumentError::field).containsExactly("n");
    }

    @Test
    void schemaListsTypesConstraintsAndPositionalOrder() {
        Map<String, Object> schema = ArgumentSchema.of(SleepTask.Args.class);

        assertThat(schema).containsEntry("required", List.of("seconds"))
                .containsEntry("x-positional-order", List.of("seconds", "result"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        assertThat(properties.get("seconds")).containsEntry("type", "number").containsKey("minimum");
        assertThat(properties.get("result")).doesNotContainKey("type");
    }

    @Test
    void invalidArgumentsNameTheTask() {
        assertThatThrownBy(() -> binder.bind(new SleepTask(), args("[]"), null))
                .isInstanceOf(InvalidArguments.class).hasMessageContaining("sleep");
    }
}
