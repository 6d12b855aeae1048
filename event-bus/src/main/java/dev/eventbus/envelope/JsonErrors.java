package dev.eventbus.envelope;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Jackson's errors in words of our own: which rule a document broke and where, never the text of the
 * document itself. Jackson's messages quote what they read ({@code Unrecognized token 'secret'}), and a
 * message body may carry personal data or be written to mislead whoever reads the logs, so they are
 * mapped onto a fixed set of phrases and never passed on.
 */
final class JsonErrors {

    private JsonErrors() {}

    /** The rule {@code e} says the document broke, as a fixed phrase. */
    static String rule(JacksonException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (m.startsWith("Document nesting depth")) {
                return "it is nested deeper than the parser allows";
            }
            if (m.startsWith("Number value length")) {
                return "a number has more digits than the parser allows";
            }
            if (m.startsWith("String value length")) {
                return "a string is longer than the parser allows";
            }
            if (m.startsWith("Name length")) {
                return "a property name is longer than the parser allows";
            }
            if (m.startsWith("Document length")) {
                return "it is larger than the parser allows";
            }
            return "it goes beyond the parser's limits";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "it ends before its value does";
        }
        if (m.startsWith("Duplicate Object property") || m.startsWith("Duplicate field")) {
            return "an object has the same property twice";
        }
        if (m.startsWith("Trailing token")) {
            return "something follows the JSON value";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "a string holds an unescaped control character";
        }
        if (m.contains("character escape")) {
            return "a string holds an invalid escape sequence";
        }
        if (m.startsWith("Invalid numeric value") || m.startsWith("Non-standard token")) {
            return "a number is not written as JSON allows";
        }
        if (m.startsWith("Unexpected close marker")) {
            return "a closing bracket does not match the opening one";
        }
        if (m.contains("expecting a colon")) {
            return "a property name is not followed by a colon";
        }
        if (m.contains("expecting double-quote to start property name")) {
            return "a property name is not a quoted string";
        }
        if (m.contains("expecting comma")) {
            return "values are not separated by commas";
        }
        if (m.startsWith("Unrecognized token") || m.startsWith("Unexpected character")) {
            return "a character appears where no JSON value can";
        }
        return "it is not JSON";
    }

    /** Where in the document {@code e} happened, e.g. {@code (at line 1, column 12)}; {@code null} if Jackson does not say. */
    static String position(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return null;
        }
        return "(at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** Why a payload does not map onto a Java type, as a fixed phrase with the JSON pointer of the value. */
    static String mappingProblem(JacksonException e) {
        String rule;
        if (e instanceof InvalidNullException) {
            rule = "is null, which the field does not allow";
        } else if (e instanceof InvalidFormatException) {
            rule = "is not a valid value of the field's type";
        } else if (e instanceof MismatchedInputException) {
            rule = "has a JSON type the field cannot take";
        } else if (e instanceof ValueInstantiationException) {
            rule = "is refused by the type's constructor";
        } else {
            rule = "cannot be mapped";
        }
        return pointer(e) + " " + rule;
    }

    /** The JSON pointer of the value {@code e} concerns ({@code /line_items/0/qty}); {@code (payload)} for the whole. */
    private static String pointer(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getPropertyName() != null) {
                String name = ref.getPropertyName();
                pointer.append(name.length() > 64 ? name.substring(0, 64) + "…" : name.replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.isEmpty() ? "(payload)" : pointer.toString();
    }
}
