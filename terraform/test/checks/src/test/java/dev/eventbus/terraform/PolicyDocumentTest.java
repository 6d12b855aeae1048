package dev.eventbus.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.terraform.PolicyDocument.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:notifications";

    @Test
    void acceptsANamedActionOnANamedResource() {
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":[\"sqs:ReceiveMessage\"],\"Resource\":\"" + QUEUE + "\"}")).isEmpty();
    }

    @Test
    void refusesWildcardActionsAndResourcesInAnIdentityPolicy() {
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"" + QUEUE + "\"}"))
                .containsExactly("p: statement S: allows action \"sqs:*\"; name each action (least privilege: nothing with *)");
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}"))
                .containsExactly("p: statement S: allows [sqs:SendMessage] on resource \"*\"; name each resource's ARN (least privilege: nothing with *)");
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:eu-west-1:123456789012:*\"}"))
                .hasSize(1);
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"" + QUEUE + "\"}"))
                .contains("p: statement S: allows with NotAction, which grants everything but what it lists");
    }

    @Test
    void allowsOnlyTheWildcardsAwsLeavesNoChoiceAbout() {
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"ecr:GetAuthorizationToken\",\"Resource\":\"*\"}")).isEmpty();
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":[\"ecr:GetAuthorizationToken\",\"ecr:BatchGetImage\"],\"Resource\":\"*\"}"))
                .hasSize(1);
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"logs:PutLogEvents\","
                + "\"Resource\":\"arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/worker:log-stream:*\"}")).isEmpty();
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"logs:PutLogEvents\","
                + "\"Resource\":\"arn:aws:logs:eu-west-1:123456789012:log-group:*\"}")).hasSize(1);
    }

    @Test
    void letsDenyStatementsUseWildcards() {
        assertThat(PolicyDocument.problems("p", document("{\"Sid\":\"D\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\","
                + "\"Resource\":\"" + QUEUE + "\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}"), Kind.RESOURCE)).isEmpty();
    }

    @Test
    void refusesEveryoneAsThePrincipalOfAResourcePolicy() {
        assertThat(PolicyDocument.problems("p", document("{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"}"), Kind.RESOURCE))
                .containsExactly("p: statement A: allows principal \"*\"; name the service or account it is for");
    }

    @Test
    void letsTheAccountAdministerItsKeyAndSnsUseAnActionFamily() {
        assertThat(PolicyDocument.problems("p", document(
                "{\"Sid\":\"Admin\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                        + "{\"Sid\":\"Sns\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                        + "\"Action\":[\"kms:GenerateDataKey*\",\"kms:Decrypt\"],\"Resource\":\"*\"}"), Kind.RESOURCE)).isEmpty();
        assertThat(PolicyDocument.problems("p", document("{\"Sid\":\"Sns\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}"), Kind.RESOURCE)).hasSize(1);
    }

    @Test
    void namesAMisspeltKeyAsAwsWouldRefuseIt() {
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Acton\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"}"))
                .contains("p: statement S: unknown key \"Acton\" in the statement (AWS refuses it as a malformed policy document);"
                        + " the keys are [Action, Condition, Effect, NotAction, NotPrincipal, NotResource, Principal, Resource, Sid]")
                .contains("p: statement S: a statement has exactly one of Action and NotAction");
        assertThat(PolicyDocument.problems("p", "{\"Version\":\"2012-10-17\",\"Statment\":[]}", Kind.IDENTITY))
                .contains("p: unknown key \"Statment\" in the policy (AWS refuses it as a malformed policy document); the keys are [Id, Statement, Version]");
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Alow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"}"))
                .containsExactly("p: statement S: Effect must be \"Allow\" or \"Deny\", not \"Alow\"");
    }

    @Test
    void wantsTheCurrentPolicyLanguageVersion() {
        assertThat(PolicyDocument.problems("p", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"}]}",
                Kind.IDENTITY)).singleElement().asString().startsWith("p: Version must be \"2012-10-17\"");
    }

    @Test
    void refusesAPrincipalInAnIdentityPolicyAndWantsOneInATrustPolicy() {
        assertThat(identity("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + QUEUE + "\"}"))
                .contains("p: statement S: an identity policy names no Principal (the identity it is attached to is the principal)");
        assertThat(PolicyDocument.problems("p", document("{\"Sid\":\"T\",\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}"), Kind.TRUST))
                .containsExactly("p: statement T: a trust policy statement names its Principal");
    }

    private static List<String> identity(String statement) {
        return PolicyDocument.problems("p", document(statement), Kind.IDENTITY);
    }

    private static String document(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }
}
