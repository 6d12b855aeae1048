package dev.eventbus.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks one IAM policy document the way AWS reads it, and for least privilege: known keys only (a
 * misspelt {@code "Acton"} is refused by AWS at apply time, long after a plan looked fine), and no
 * wildcard in what an Allow statement grants.
 *
 * <p>The wildcard rules: an identity policy (a role's or a managed policy) allows no action with a
 * {@code *}, no {@code NotAction} or {@code NotResource}, and no resource {@code *} or with a {@code *} in
 * it, with two exceptions AWS leaves no choice about: {@code ecr:GetAuthorizationToken}, which has no
 * resource-level permissions, and the log streams of one named log group
 * ({@code ...:log-group:NAME:log-stream:*}), whose names ECS makes up per task. A resource policy (of a
 * queue, topic or key) allows nothing to the principal {@code *}, and grants a wildcard action only to
 * the account itself (the {@code kms:*} a key policy gives the account, so that IAM can grant the key)
 * or as one action family ({@code kms:GenerateDataKey*}, as AWS's guidance for SNS and encrypted queues
 * grants it).
 * Deny statements may use wildcards: they take away.
 */
final class PolicyDocument {

    /** What the document is attached to; the rules differ. */
    enum Kind {
        /** A managed or inline policy of an IAM identity: no Principal, always a Resource. */
        IDENTITY,
        /** A role's trust policy: who may assume it. */
        TRUST,
        /** A policy on a queue, topic or key: names its Principal. */
        RESOURCE
    }

    private static final Set<String> DOCUMENT_KEYS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_KEYS =
            Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_KEYS = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    private static final Set<String> NO_RESOURCE_LEVEL_ACTIONS = Set.of("ecr:GetAuthorizationToken");
    private static final Pattern LOG_STREAMS_OF_ONE_GROUP = Pattern.compile("arn:aws[a-z-]*:logs:[a-z0-9-]+:\\d{12}:log-group:[^*:]+:log-stream:\\*");
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:root");

    private PolicyDocument() {}

    /** Every problem of {@code json}, each starting with {@code where}. */
    static List<String> problems(String where, String json, Kind kind) {
        List<String> problems = new ArrayList<>();
        JsonNode document;
        try {
            document = TerraformState.JSON.readTree(json);
        } catch (JacksonException e) {
            problems.add(where + ": the policy is not JSON: " + e.getOriginalMessage());
            return problems;
        }
        if (document == null || !document.isObject()) {
            problems.add(where + ": a policy document is a JSON object with Version and Statement");
            return problems;
        }
        unknownKeys(where, "the policy", document, DOCUMENT_KEYS, problems);
        if (!"2012-10-17".equals(document.path("Version").asString(""))) {
            problems.add(where + ": Version must be \"2012-10-17\" (without it AWS reads policy variables literally, and"
                    + " creating a queue with such a policy hangs), not " + document.path("Version"));
        }
        JsonNode statements = document.get("Statement");
        if (statements == null || !(statements.isArray() || statements.isObject()) || statements.isEmpty()) {
            problems.add(where + ": the policy has no Statement");
            return problems;
        }
        int index = 0;
        for (JsonNode statement : statements.isArray() ? statements.values() : List.of(statements)) {
            statement(where + ": statement " + label(statement, index++), statement, kind, problems);
        }
        return problems;
    }

    private static void statement(String where, JsonNode statement, Kind kind, List<String> problems) {
        if (!statement.isObject()) {
            problems.add(where + " is not an object");
            return;
        }
        unknownKeys(where, "the statement", statement, STATEMENT_KEYS, problems);
        String effect = statement.path("Effect").asString("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            problems.add(where + ": Effect must be \"Allow\" or \"Deny\", not " + statement.path("Effect"));
        }
        if (statement.has("Action") == statement.has("NotAction")) {
            problems.add(where + ": a statement has exactly one of Action and NotAction");
        }
        boolean hasPrincipal = statement.has("Principal") || statement.has("NotPrincipal");
        if (kind == Kind.IDENTITY && hasPrincipal) {
            problems.add(where + ": an identity policy names no Principal (the identity it is attached to is the principal)");
        }
        if (kind != Kind.IDENTITY && !hasPrincipal) {
            problems.add(where + ": a " + (kind == Kind.TRUST ? "trust" : "resource") + " policy statement names its Principal");
        }
        if (kind == Kind.IDENTITY && statement.has("Resource") == statement.has("NotResource")) {
            problems.add(where + ": a statement of an identity policy has exactly one of Resource and NotResource");
        }
        for (String key : List.of("Principal", "NotPrincipal")) {
            JsonNode principal = statement.get(key);
            if (principal != null && principal.isObject()) {
                unknownKeys(where + " " + key, "a principal", principal, PRINCIPAL_KEYS, problems);
            } else if (principal != null && !principal.asString("").equals("*")) {
                problems.add(where + ": " + key + " is \"*\" or an object such as {\"Service\": \"sns.amazonaws.com\"}");
            }
        }
        JsonNode condition = statement.get("Condition");
        if (condition != null) {
            if (!condition.isObject()) {
                problems.add(where + ": Condition is an object of operators, e.g. {\"ArnEquals\": {\"aws:SourceArn\": \"...\"}}");
            } else {
                for (Map.Entry<String, JsonNode> operator : condition.properties()) {
                    if (!operator.getValue().isObject()) {
                        problems.add(where + ": Condition " + operator.getKey() + " is an object of condition keys");
                    }
                }
            }
        }
        if (effect.equals("Allow")) {
            wildcards(where, statement, kind, problems);
        }
    }

    private static void wildcards(String where, JsonNode statement, Kind kind, List<String> problems) {
        List<String> actions = strings(statement.get("Action"));
        List<String> resources = strings(statement.get("Resource"));
        if (kind == Kind.IDENTITY) {
            for (String key : List.of("NotAction", "NotResource")) {
                if (statement.has(key)) {
                    problems.add(where + ": allows with " + key + ", which grants everything but what it lists");
                }
            }
            for (String action : actions) {
                if (action.contains("*")) {
                    problems.add(where + ": allows action \"" + action + "\"; name each action (least privilege: nothing with *)");
                }
            }
            for (String resource : resources) {
                boolean allowed = resource.equals("*")
                        ? !actions.isEmpty() && NO_RESOURCE_LEVEL_ACTIONS.containsAll(actions)
                        : !resource.contains("*") || LOG_STREAMS_OF_ONE_GROUP.matcher(resource).matches();
                if (!allowed) {
                    problems.add(where + ": allows " + actions + " on resource \"" + resource
                            + "\"; name each resource's ARN (least privilege: nothing with *)");
                }
            }
            return;
        }
        JsonNode principal = statement.get("Principal");
        List<String> principals = principal == null ? List.of()
                : principal.isObject() ? principal.properties().stream().flatMap(p -> strings(p.getValue()).stream()).toList()
                : strings(principal);
        if (principals.contains("*") || statement.has("NotPrincipal")) {
            problems.add(where + ": allows " + (statement.has("NotPrincipal") ? "everyone but NotPrincipal" : "principal \"*\"")
                    + "; name the service or account it is for");
        }
        boolean accountItself = !principals.isEmpty() && principals.stream().allMatch(p -> ACCOUNT_ROOT.matcher(p).matches());
        for (String action : actions) {
            if (action.contains("*") && !accountItself && !action.matches("[a-z0-9-]+:[A-Za-z]+\\*")) {
                problems.add(where + ": allows action \"" + action + "\" to " + principals + "; name each action");
            }
        }
        if (statement.has("NotAction")) {
            problems.add(where + ": allows with NotAction, which grants everything but what it lists");
        }
    }

    /** A JSON string or array of strings as a list (IAM allows either); empty for null or absent. */
    static List<String> strings(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (node.isArray()) {
            return node.values().stream().map(n -> n.asString("")).toList();
        }
        return List.of(node.asString(""));
    }

    private static void unknownKeys(String where, String what, JsonNode node, Set<String> allowed, List<String> problems) {
        for (String key : node.propertyNames()) {
            if (!allowed.contains(key)) {
                problems.add(where + ": unknown key \"" + key + "\" in " + what + " (AWS refuses it as a malformed policy"
                        + " document); the keys are " + new TreeSet<>(allowed));
            }
        }
    }

    private static String label(JsonNode statement, int index) {
        String sid = statement.path("Sid").asString("");
        return sid.isEmpty() ? "#" + (index + 1) : sid;
    }
}
