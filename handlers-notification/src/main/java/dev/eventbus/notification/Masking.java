package dev.eventbus.notification;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks email addresses before anything reaches a log line, a metric, an exception message or a DLQ
 * attribute: {@code alice@example.com} becomes {@code a***@example.com}. The domain stays, because
 * "every address at one domain bounces" is what on-call needs to see.
 */
public final class Masking {

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:@\\[\\]]+@([A-Za-z0-9.-]+)");

    private Masking() {}

    /** One address, masked; {@code ***} when it is not an address at all. */
    public static String email(String address) {
        if (address == null) {
            return "***";
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "***";
        }
        return (at >= 1 ? address.charAt(0) : "") + "***" + address.substring(at);
    }

    /** A text (a server's reply, an exception message) with every address in it masked. */
    public static String text(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(email(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
