package dev.eventbus.events;

import dev.eventbus.schema.EventType;
import java.util.List;

/**
 * The {@link EventType} of every (event, major) in the catalog, each at the newest minor of its major:
 * what a publisher names to send {@code OrderCompletedV1} as {@code order.completed 1.2}, and what a
 * handler for major 1 is registered with. A test checks these constants against the catalog: one per
 * major, each at its newest minor.
 */
public final class Events {

    public static final EventType<OrderCompletedV1> ORDER_COMPLETED_V1 =
            EventType.of("order.completed", "1.2", OrderCompletedV1.class);
    public static final EventType<OrderCompletedV2> ORDER_COMPLETED_V2 =
            EventType.of("order.completed", "2.0", OrderCompletedV2.class);
    public static final EventType<UserRegisteredV1> USER_REGISTERED_V1 =
            EventType.of("user.registered", "1.0", UserRegisteredV1.class);
    public static final EventType<SubscriptionChangedV1> SUBSCRIPTION_CHANGED_V1 =
            EventType.of("subscription.changed", "1.0", SubscriptionChangedV1.class);
    public static final EventType<ChargeSucceededV1> CHARGE_SUCCEEDED_V1 =
            EventType.of("charge.succeeded", "1.0", ChargeSucceededV1.class);
    public static final EventType<SubscriptionActivatedV1> SUBSCRIPTION_ACTIVATED_V1 =
            EventType.of("subscription.activated", "1.0", SubscriptionActivatedV1.class);
    public static final EventType<SubscriptionActivationFailedV1> SUBSCRIPTION_ACTIVATION_FAILED_V1 =
            EventType.of("subscription.activation_failed", "1.0", SubscriptionActivationFailedV1.class);
    public static final EventType<ChargeReversedV1> CHARGE_REVERSED_V1 =
            EventType.of("charge.reversed", "1.0", ChargeReversedV1.class);
    public static final EventType<ScholarshipWonV1> SCHOLARSHIP_WON_V1 =
            EventType.of("scholarship.won", "1.0", ScholarshipWonV1.class);

    private static final List<EventType<?>> ALL = List.of(
            ORDER_COMPLETED_V1,
            ORDER_COMPLETED_V2,
            USER_REGISTERED_V1,
            SUBSCRIPTION_CHANGED_V1,
            CHARGE_SUCCEEDED_V1,
            SUBSCRIPTION_ACTIVATED_V1,
            SUBSCRIPTION_ACTIVATION_FAILED_V1,
            CHARGE_REVERSED_V1,
            SCHOLARSHIP_WON_V1);

    private Events() {}

    /** Every constant above, in declaration order. */
    public static List<EventType<?>> all() {
        return ALL;
    }
}
