package dev.eventbus.events;

import dev.eventbus.schema.UpcastException;
import dev.eventbus.schema.Upcaster;
import java.math.BigDecimal;
import java.util.Currency;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts {@code order.completed} 1.x into 2.0: the decimal {@code total} becomes integer
 * {@code total_minor} (taken from {@code total_cents} when a 1.1+ publisher sent it, otherwise
 * computed from {@code total} and the currency's ISO 4217 minor units), and each line item's
 * {@code qty} becomes {@code quantity}. Properties 2.0 does not have, including any added by 1.x
 * minors newer than this upcaster, are dropped.
 */
final class OrderCompletedV1ToV2 implements Upcaster {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String event() {
        return "order.completed";
    }

    @Override
    public int fromMajor() {
        return 1;
    }

    @Override
    public JsonNode upcast(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw failure("the payload is not a JSON object");
        }
        ObjectNode out = NODES.objectNode();
        out.set("order_id", integer(payload, "order_id").deepCopy());
        out.set("user_id", integer(payload, "user_id").deepCopy());
        out.put("user_email", text(payload, "user_email"));
        String currency = text(payload, "currency");
        out.put("total_minor", totalMinor(payload, currency));
        out.put("currency", currency);
        ArrayNode items = out.putArray("line_items");
        JsonNode lineItems = payload.get("line_items");
        if (lineItems == null || !lineItems.isArray()) {
            throw failure("/line_items is missing or not an array");
        }
        int index = 0;
        for (JsonNode item : lineItems.values()) {
            String at = "/line_items/" + index++;
            if (!item.isObject()) {
                throw failure(at + " is not an object");
            }
            ObjectNode converted = items.addObject();
            converted.put("sku", text(item, "sku", at));
            converted.set("quantity", integer(item, "qty", at).deepCopy());
            if (item.hasNonNull("name")) {
                converted.put("name", text(item, "name", at));
            }
        }
        if (payload.hasNonNull("completed_at")) {
            out.put("completed_at", text(payload, "completed_at"));
        }
        return out;
    }

    private static long totalMinor(JsonNode payload, String currency) {
        JsonNode cents = payload.get("total_cents");
        if (cents != null && !cents.isNull()) {
            if (!cents.canConvertToExactIntegral() || !cents.canConvertToLong()) {
                throw failure("/total_cents is not an integer");
            }
            return cents.asLong();
        }
        String total = text(payload, "total");
        BigDecimal amount;
        try {
            amount = new BigDecimal(total);
        } catch (NumberFormatException e) {
            throw failure("/total is not a decimal number");
        }
        int digits = minorUnitDigits(currency);
        BigDecimal minor = amount.movePointRight(digits);
        if (minor.stripTrailingZeros().scale() > 0) {
            throw failure("/total has more decimals than " + currency + "'s " + digits
                    + ", so it has no exact value in minor units");
        }
        try {
            return minor.longValueExact();
        } catch (ArithmeticException e) {
            throw failure("/total is too large for total_minor");
        }
    }

    private static int minorUnitDigits(String currency) {
        int digits;
        try {
            digits = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            digits = -1;
        }
        if (digits < 0) {
            throw failure("/currency " + currency + " has no ISO 4217 minor unit this JVM knows, and the payload has no"
                    + " total_cents, so total_minor cannot be computed");
        }
        return digits;
    }

    private static JsonNode integer(JsonNode node, String field) {
        return integer(node, field, "");
    }

    private static JsonNode integer(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw failure(at + "/" + field + " is missing or not an integer");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, "");
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw failure(at + "/" + field + " is missing or not a string");
        }
        return value.asString();
    }

    private static UpcastException failure(String detail) {
        return new UpcastException("cannot upcast order.completed 1.x to 2.0: " + detail);
    }
}
