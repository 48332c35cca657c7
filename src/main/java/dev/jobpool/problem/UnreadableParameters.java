package dev.jobpool.problem;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What to tell a client whose query string Tomcat could not read. Tomcat parses the parameters when the first
 * one is asked for and throws then, for a value that is not percent-encoded UTF-8 ({@code %ff}, {@code %zz}, a
 * lone {@code %}) or for more parameters than it reads; its message is written for the operator ("has been
 * ignored", "use debug level logging") and may quote the value at length. So the detail is made here from the
 * raw query string instead: the first parameter that does not decode, by name, or else Tomcat's first sentence
 * (the parameter count, a form body), cut short.
 */
final class UnreadableParameters {

    private UnreadableParameters() {
    }

    static String detail(String query, String tomcatMessage) {
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (!decodes(name)) {
                    return "a parameter name in the query string is not percent-encoded UTF-8";
                }
                if (equals >= 0 && !decodes(pair.substring(equals + 1))) {
                    String shown = URLDecoder.decode(name, StandardCharsets.UTF_8);
                    return "parameter '" + Problems.clip(shown) + "' is not percent-encoded UTF-8 (RFC 3986)";
                }
            }
        }
        String reason = tomcatMessage == null ? "" : tomcatMessage;
        int sentence = reason.indexOf(". ");
        reason = sentence < 0 ? reason : reason.substring(0, sentence + 1);
        reason = Problems.clip(reason);
        return "the request's parameters (its query string and form body) could not be read"
                + (reason.isBlank() ? "" : ": " + reason);
    }

    /** True if {@code encoded} is percent-encoded UTF-8: every {@code %} has two hex digits, the bytes decode. */
    static boolean decodes(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || !HexFormat.isHexDigit(encoded.charAt(i + 1))
                        || !HexFormat.isHexDigit(encoded.charAt(i + 2))) {
                    return false;
                }
                bytes.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
