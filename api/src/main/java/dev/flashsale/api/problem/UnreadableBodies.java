package dev.flashsale.api.problem;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says in words a client can act on why a request body could not be read: not JSON (and where), truncated, over a
 * parser limit, a field of the wrong JSON type (naming the field and the type it must have), or a value the request
 * type refuses. Never names Java classes. Stateless.
 */
final class UnreadableBodies {

    private static final int MAX_ECHO = 160;
    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\(([0-9]+)");

    private UnreadableBodies() {}

    static String describe(HttpMessageNotReadableException failure) {
        JacksonException json = Causes.find(failure, JacksonException.class);
        if (json == null) {
            String message = String.valueOf(failure.getMessage());
            return message.startsWith("Required request body is missing")
                    ? "the request needs a JSON body"
                    : "the request body could not be read";
        }
        return describe(json);
    }

    private static String describe(JacksonException json) {
        return switch (json) {
            case StreamConstraintsException limit -> limit(limit);
            case UnexpectedEndOfInputException truncated ->
                "the body is not valid JSON: it ends before the JSON value is complete" + at(truncated);
            case StreamReadException syntax -> "the body is not valid JSON" + at(syntax) + ": " + firstLine(syntax);
            case InvalidNullException nullValue -> quoted(path(nullValue)) + " must not be null";
            case MismatchedInputException mismatch -> mismatch(mismatch);
            case ValueInstantiationException refused ->
                refused.getCause() instanceof IllegalArgumentException reason && reason.getMessage() != null
                        ? "the body is invalid: " + echo(reason.getMessage())
                        : "the body does not describe a valid request";
            default ->
                json.getPath().isEmpty()
                        ? "the body does not have the structure this request expects"
                        : "the body does not have the structure this request expects at " + quoted(path(json));
        };
    }

    private static String limit(StreamConstraintsException limit) {
        String message = String.valueOf(limit.getOriginalMessage());
        Matcher maximum = LIMIT.matcher(message);
        String bound = maximum.find() ? " (at most " + maximum.group(1) + ")" : "";
        if (message.contains("nesting depth")) {
            return "the JSON body is nested too deeply" + bound;
        }
        if (message.contains("String value length")) {
            return "a string in the JSON body is too long" + bound;
        }
        if (message.contains("Number value length")) {
            return "a number in the JSON body has too many digits" + bound;
        }
        if (message.contains("Name length")) {
            return "a property name in the JSON body is too long" + bound;
        }
        return "the JSON body is larger than this API reads";
    }

    private static String mismatch(MismatchedInputException mismatch) {
        String path = path(mismatch);
        String expected = expected(mismatch.getTargetType());
        return quoted(path) + " must be " + expected;
    }

    /** What a JSON value of the Java type looks like, in the words of JSON. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (List.of(byte.class, short.class, int.class, long.class).contains(type)
                || List.of(Byte.class, Short.class, Integer.class, Long.class, BigInteger.class)
                        .contains(type)) {
            return "an integer";
        }
        if (type == float.class || type == double.class || Number.class.isAssignableFrom(type)) {
            return type == BigDecimal.class ? "a decimal number" : "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> "\"" + ((Enum<?>) constant).name() + "\"")
                            .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    /** The JSON path of the failure, as {@code items[0].quantity}; empty at the top level. */
    static String path(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String at(JacksonException json) {
        TokenStreamLocation location = json.getLocation();
        if (location == null || location.getLineNr() <= 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(JacksonException json) {
        String message = String.valueOf(json.getOriginalMessage());
        int end = message.indexOf('\n');
        return echo(end < 0 ? message : message.substring(0, end));
    }

    private static String quoted(String path) {
        return path.isEmpty() ? "the body" : "'" + path + "'";
    }

    /** Input the client sent, or text that may contain it, cut to a length fit to repeat in a detail. */
    static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }
}
