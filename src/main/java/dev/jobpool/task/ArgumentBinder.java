package dev.jobpool.task;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds {@code submit(fn, *args, **kwargs)} to a task's arguments record, the way Python binds a call:
 * positional values fill parameters in declared order, keywords by name, and every mismatch is reported at
 * once (missing, extra, duplicated, ill-typed, out of range) so that the client can fix the call in one go.
 *
 * <p>Types are strict: unlike Jackson's lenient defaults, {@code "10"} is not an integer and {@code 10.5} is not
 * truncated to {@code 10}; an integer is accepted where a float is expected, as in Python.
 */
public final class ArgumentBinder {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private final Validator validator;

    /**
     * What binding needs of an arguments record, worked out once per type. Reflection on a record
     * ({@code getRecordComponents} builds its array anew on every call) and a reader per parameter were most of
     * what binding cost: in a CPU profile of 1,000-item maps, 43 % of the request's own work. A map binds every
     * item, so this is worked out once, not once per call.
     */
    private final ClassValue<Signature> signatures = new ClassValue<>() {
        @Override
        protected Signature computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Parameter[] parameters = new Parameter[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                Arg arg = component.getAnnotation(Arg.class);
                parameters[i] = new Parameter(component.getName(), component.getType(), arg != null && arg.optional(),
                        mapper.readerFor(mapper.constructType(component.getGenericType())));
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                constructor.setAccessible(true);
                return new Signature(List.of(parameters), Set.of(Arrays.stream(parameters).map(Parameter::name)
                        .toArray(String[]::new)), constructor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("arguments record " + type.getName() + " cannot be constructed", e);
            }
        }
    };

    /** One parameter of a task: its name, type, whether it may be left out, and the reader of its values. */
    private record Parameter(String name, Class<?> type, boolean optional, tools.jackson.databind.ObjectReader reader) {
    }

    /** An arguments record's parameters in declared order, their names, and its canonical constructor. */
    private record Signature(List<Parameter> parameters, Set<String> names, Constructor<?> constructor) {
    }

    /**
     * @param validator checks the arguments' constraints; null binds without any checks beyond types (in a
     *                  worker JVM, where the service has checked the same call already)
     */
    public ArgumentBinder(Validator validator) {
        this.validator = validator;
    }

    /** The strict mapper arguments bind with; it reads and writes any JSON as well. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** Binds and checks, or throws {@link InvalidArguments} naming every problem. */
    public <A extends Record> TaskCall<A> bind(Task<A> task, List<JsonNode> args, Map<String, JsonNode> kwargs) {
        List<JsonNode> positional = args == null ? List.of() : args;
        Map<String, JsonNode> keywords = kwargs == null ? Map.of() : kwargs;
        Signature signature = signatures.get(task.argumentsType());
        List<Parameter> parameters = signature.parameters();
        List<ArgumentError> errors = new ArrayList<>();

        if (positional.size() > parameters.size()) {
            errors.add(new ArgumentError("args", task.name() + "() takes " + parameters.size()
                    + " positional argument" + (parameters.size() == 1 ? "" : "s") + " but "
                    + positional.size() + " were given"));
        }
        Set<String> names = signature.names();
        keywords.keySet().stream().filter(k -> !names.contains(k)).sorted().forEach(k -> errors.add(
                new ArgumentError("kwargs." + k, task.name() + "() got an unexpected keyword argument '" + k + "'")));

        Object[] values = new Object[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            String name = parameter.name();
            boolean byPosition = i < positional.size();
            JsonNode node = byPosition ? positional.get(i) : keywords.get(name);
            if (byPosition && keywords.containsKey(name)) {
                errors.add(new ArgumentError(name, task.name() + "() got multiple values for argument '" + name + "'"));
                continue;
            }
            if (node == null) {
                if (!parameter.optional()) {
                    errors.add(new ArgumentError(name, task.name() + "() missing required argument '" + name + "'"));
                }
                values[i] = defaultValue(parameter.type());
                continue;
            }
            if (Nesting.deeperThan(node, Nesting.MAX_DEPTH)) {
                errors.add(new ArgumentError(name, "nests arrays and objects more than " + Nesting.MAX_DEPTH
                        + " levels deep"));
                values[i] = defaultValue(parameter.type());
                continue;
            }
            Optional<String> unstorable = Unstorable.in(node);
            if (unstorable.isPresent()) {
                errors.add(new ArgumentError(name, unstorable.get()));
                values[i] = defaultValue(parameter.type());
                continue;
            }
            try {
                values[i] = parameter.reader().readValue(node);
            } catch (JacksonException e) {
                String expected = ArgumentSchema.describe(parameter.type());
                errors.add(new ArgumentError(name, node.isNumber() && expected.equals(describe(node.isIntegralNumber()))
                        ? "is out of range: " + node
                        : "must be " + expected + ", got " + describe(node)));
                values[i] = defaultValue(parameter.type());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidArguments(task.name(), errors);
        }

        A bound = construct(task.argumentsType(), signature, values);
        if (validator == null) {
            return new TaskCall<>(task, bound); // a worker JVM: nothing there bounds what calls hold
        }
        validator.validate(bound).stream()
                .sorted(Comparator.comparing((ConstraintViolation<A> v) -> v.getPropertyPath().toString()))
                .forEach(v -> errors.add(new ArgumentError(v.getPropertyPath().toString(), v.getMessage())));
        if (errors.isEmpty()) {
            errors.addAll(task.check(bound));
        }
        if (!errors.isEmpty()) {
            throw new InvalidArguments(task.name(), errors);
        }
        long bytes = 0; // for the service's bound on what pending calls hold (PendingBytes)
        for (JsonNode node : positional) {
            bytes += JsonSize.of(node);
        }
        for (JsonNode node : keywords.values()) {
            bytes += JsonSize.of(node);
        }
        return new TaskCall<>(task, bound, bytes);
    }

    private static String describe(boolean integral) {
        return integral ? "an integer" : "a number";
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "integer " + node : "number " + node;
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == double.class || type == float.class) {
            return type == double.class ? 0d : 0f;
        }
        if (type == long.class) {
            return 0L;
        }
        return type == int.class ? 0 : type == short.class ? (short) 0 : (byte) 0;
    }

    private static <A extends Record> A construct(Class<A> type, Signature signature, Object[] values) {
        try {
            return type.cast(signature.constructor().newInstance(values));
        } catch (InvocationTargetException e) {
            // a compact constructor that validates: its message is about the arguments
            throw new InvalidArguments(type.getSimpleName(),
                    List.of(new ArgumentError("args", String.valueOf(e.getCause().getMessage()))));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("arguments record " + type.getName() + " cannot be constructed", e);
        }
    }
}
