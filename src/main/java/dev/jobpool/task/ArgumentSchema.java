package dev.jobpool.task;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (2020-12) of a task's arguments, derived from its record: types, descriptions, the
 * Jakarta constraints a client can check itself, and the positional order ({@code x-positional-order}).
 */
public final class ArgumentSchema {

    private ArgumentSchema() {
    }

    public static Map<String, Object> of(Class<? extends Record> type) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (RecordComponent parameter : type.getRecordComponents()) {
            order.add(parameter.getName());
            Map<String, Object> property = new LinkedHashMap<>(typeOf(parameter.getType()));
            Arg arg = parameter.getAnnotation(Arg.class);
            if (arg != null && !arg.description().isEmpty()) {
                property.put("description", arg.description());
            }
            constraints(parameter, property);
            properties.put(parameter.getName(), property);
            if (arg == null || !arg.optional()) {
                required.add(parameter.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        schema.put("x-positional-order", order);
        return schema;
    }

    /** "an integer", "a number", ...: for error messages. */
    static String describe(Class<?> type) {
        Object name = typeOf(type).get("type");
        if (name == null) {
            return "any JSON value";
        }
        return switch (name.toString()) {
            case "integer" -> "an integer";
            case "array" -> "an array";
            case "object" -> "an object";
            default -> "a " + name;
        };
    }

    private static Map<String, Object> typeOf(Class<?> type) {
        if (type == long.class || type == int.class || type == short.class || type == Long.class
                || type == Integer.class || type == Short.class || type == BigInteger.class) {
            return Map.of("type", "integer");
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class) {
            return Map.of("type", "number");
        }
        if (type == boolean.class || type == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (type == String.class) {
            return Map.of("type", "string");
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return Map.of("type", "array");
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return Map.of("type", "object");
        }
        return Map.of(); // any JSON value
    }

    private static void constraints(RecordComponent parameter, Map<String, Object> property) {
        Min min = constraint(parameter, Min.class);
        if (min != null) {
            property.put("minimum", min.value());
        }
        Max max = constraint(parameter, Max.class);
        if (max != null) {
            property.put("maximum", max.value());
        }
        DecimalMin decimalMin = constraint(parameter, DecimalMin.class);
        if (decimalMin != null) {
            property.put(decimalMin.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(decimalMin.value()));
        }
        DecimalMax decimalMax = constraint(parameter, DecimalMax.class);
        if (decimalMax != null) {
            property.put(decimalMax.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(decimalMax.value()));
        }
        if (constraint(parameter, PositiveOrZero.class) != null) {
            property.put("minimum", 0);
        }
        if (constraint(parameter, Positive.class) != null) {
            property.put("exclusiveMinimum", 0);
        }
        if (constraint(parameter, NotBlank.class) != null) {
            property.put("minLength", 1);
        }
    }

    /** Jakarta constraints do not target record components, so Java puts them on the accessor (and field). */
    private static <T extends java.lang.annotation.Annotation> T constraint(RecordComponent parameter, Class<T> type) {
        return parameter.getAccessor().getAnnotation(type);
    }
}
