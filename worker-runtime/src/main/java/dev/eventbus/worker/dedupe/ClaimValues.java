package dev.eventbus.worker.dedupe;

/**
 * How a key's state is written as one string value, shared by the stores: {@code P:<token>:<hash>}
 * while an attempt holds it, {@code D:<hash>} once done.
 */
final class ClaimValues {

    private ClaimValues() {}

    static String inProgress(String token, String payloadHash) {
        return "P:" + token + ":" + payloadHash;
    }

    static String inProgress(Claim.Claimed claim) {
        return inProgress(claim.token(), claim.payloadHash());
    }

    static String done(String payloadHash) {
        return "D:" + payloadHash;
    }

    /** The claim a stored value stands for, from the point of view of a new attempt. */
    static Claim read(String value) {
        if (value.startsWith("D:")) {
            return new Claim.AlreadyDone(value.substring(2));
        }
        return new Claim.HeldElsewhere();
    }
}
