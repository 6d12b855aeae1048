package dev.eventbus.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link Emulators} (SNS, SQS, Redis) or an {@link ElasticMq} parameter. Each is started
 * once per test JVM, on first use, and stopped when the JVM's tests are done.
 *
 * <pre>{@code
 * @ExtendWith(EmulatorExtension.class)
 * class PublishIT {
 *     @Test void fansOut(Emulators env) { ... }
 * }
 * }</pre>
 */
public final class EmulatorExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Emulators.class || type == ElasticMq.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (type == Emulators.class) {
            return store.getOrComputeIfAbsent(Emulators.class, key -> Emulators.start(), Emulators.class);
        }
        return store.getOrComputeIfAbsent(ElasticMq.class, key -> ElasticMq.start(), ElasticMq.class);
    }
}
