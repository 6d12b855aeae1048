package dev.eventbus.notification.feed;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Whose activity feed an entry belongs to: a user of the monolith ({@code user}, by user id) or a billing
 * account ({@code account}, for events that only know the account). The id becomes part of a Redis key,
 * so it is restricted to letters, digits, {@code .}, {@code _} and {@code -}.
 */
public record FeedOwner(String kind, String id) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public FeedOwner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (!kind.equals("user") && !kind.equals("account")) {
            throw new IllegalArgumentException("a feed belongs to a user or an account, not a " + kind);
        }
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a feed owner id has 1 to 128 letters, digits, '.', '_' or '-'");
        }
    }

    public static FeedOwner user(long userId) {
        return new FeedOwner("user", Long.toString(userId));
    }

    public static FeedOwner account(String accountId) {
        return new FeedOwner("account", accountId);
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
