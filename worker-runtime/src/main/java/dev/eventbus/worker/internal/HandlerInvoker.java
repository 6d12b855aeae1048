package dev.eventbus.worker.internal;

import dev.eventbus.worker.Delivery;
import dev.eventbus.worker.Event;
import dev.eventbus.worker.Handler;
import dev.eventbus.worker.Interceptor;
import dev.eventbus.worker.Outcome;
import dev.eventbus.worker.Registration;
import dev.eventbus.worker.retry.Classifier;

/**
 * The end of the chain: calls the handler. Returning is {@link Outcome#acked()}; an exception is
 * classified into a retry or a dead letter.
 */
public final class HandlerInvoker implements Interceptor {

    private final Classifier classifier;

    public HandlerInvoker(Classifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public Outcome intercept(Chain chain) {
        Delivery delivery = chain.delivery();
        Registration<?> registration = delivery.registration();
        if (registration == null) {
            throw new IllegalStateException("the decode step must run before the handler");
        }
        try {
            invoke(registration, delivery);
            return Outcome.acked();
        } catch (VirtualMachineError e) {
            if (e instanceof StackOverflowError) {
                return classifier.classify(e, delivery, registration.name());
            }
            throw e;
        } catch (Exception | LinkageError | AssertionError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return classifier.classify(e, delivery, registration.name());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void invoke(Registration<T> registration, Delivery delivery) throws Exception {
        Handler<T> handler = registration.handler();
        handler.handle(new Event<>(delivery.envelope(), (T) delivery.payload(), delivery));
    }
}
