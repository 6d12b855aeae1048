package dev.eventbus.notification.email;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The email templates, Mustache (JMustache) files on the class path under {@code templates/}: for each
 * name a {@code NAME.subject.mustache}, a {@code NAME.txt.mustache} and a {@code NAME.html.mustache}.
 * The HTML template escapes every value it prints ({@code {{value}}}); the subject and text templates
 * print values as they are, since they are not HTML. A value the model lacks is an error (a template
 * bug), a {@code null} value prints as nothing. All templates are compiled when this is built, so a
 * missing or broken one stops the worker at start.
 */
public final class EmailTemplates {

    /** What a template renders to. */
    public record Rendered(String subject, String text, String html) {}

    private record Compiled(Template subject, Template text, Template html) {}

    private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).nullValue("");
    private static final Mustache.Compiler PLAIN = Mustache.compiler().escapeHTML(false).nullValue("");

    private final Map<String, Compiled> templates = new HashMap<>();

    /** Loads and compiles the named templates from {@code templates/} on the class path. */
    public EmailTemplates(List<String> names) {
        for (String name : names) {
            templates.put(name, new Compiled(compile(PLAIN, name + ".subject"), compile(PLAIN, name + ".txt"), compile(HTML, name + ".html")));
        }
    }

    public Rendered render(String name, Map<String, ?> model) {
        Compiled t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no email template " + name);
        }
        return new Rendered(t.subject().execute(model).strip(), t.text().execute(model), t.html().execute(model));
    }

    private static Template compile(Mustache.Compiler compiler, String file) {
        String path = "templates/" + file + ".mustache";
        InputStream in = EmailTemplates.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("email template " + path + " is not on the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }
}
