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

    static boolean isDone(String value) {
        return value.startsWith("D:");
    }

    /** The claim a stored value stands for, from the point of view of the attempt that asked {@code request}. */
    static Claim read(String value, ClaimBatch.ClaimRequest request) {
        if (isDone(value)) {
            return new Claim.AlreadyDone(value.substring(2));
        }
        if (value.equals(inProgress(request.token(), request.payloadHash()))) {
            // An earlier try of this very attempt reached the store; only its answer was lost.
            return claimed(request);
        }
        return new Claim.HeldElsewhere();
    }

    static Claim.Claimed claimed(ClaimBatch.ClaimRequest request) {
        return new Claim.Claimed(request.key(), request.token(), request.payloadHash());
    }

    /**
     * A claim's owner token: 128 random bits. It only has to differ between attempts, not resist
     * guessing, so it comes from ThreadLocalRandom rather than UUID.randomUUID's SecureRandom, which
     * serialises every handler thread on one lock.
     */
    static String newToken() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return java.util.HexFormat.of().toHexDigits(random.nextLong()) + java.util.HexFormat.of().toHexDigits(random.nextLong());
    }
}
