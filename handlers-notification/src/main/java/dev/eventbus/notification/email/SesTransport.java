package dev.eventbus.notification.email;

import dev.eventbus.notification.Masking;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.RawMessage;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Sends email through Amazon SES v2 ({@code SendEmail} with raw content): the same MIME message the SMTP
 * transport would send, so templates, the plain-text alternative and headers do not depend on the
 * transport. SES sets a Message-ID of its own on what it delivers; ours travels as the message's
 * {@code Message-ID} header in the raw content and is what SES's feedback events refer back to.
 *
 * <p>{@code MessageRejected} and other 400 replies about the message are permanent refusals; throttling,
 * 5xx and connection failures (after the SDK's own retries) are an outage; account-level problems
 * (sending paused, an unverified identity) are failures an operator must fix, retried later. Thread-safe.
 */
public final class SesTransport implements EmailTransport {

    private final SesV2Client ses;
    private final String configurationSet;

    /**
     * @param ses the client; owned by the caller, who closes it
     * @param configurationSet the SES configuration set to send with (event destinations, IP pool), or {@code null}
     */
    public SesTransport(SesV2Client ses, String configurationSet) {
        this.ses = ses;
        this.configurationSet = configurationSet;
    }

    @Override
    public void send(OutgoingEmail email) throws Exception {
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(email.from().getAddress())
                .destination(d -> d.toAddresses(email.to().getAddress()))
                .content(EmailContent.builder().raw(RawMessage.builder().data(SdkBytes.fromByteArray(MimeEmails.toBytes(email))).build()).build())
                .configurationSetName(configurationSet)
                .build();
        try {
            ses.sendEmail(request);
        } catch (MessageRejectedException e) {
            throw new EmailRefusedException("MessageRejected", Masking.text(e.awsErrorDetails().errorMessage()));
        } catch (TooManyRequestsException | LimitExceededException e) {
            throw new EmailUnavailableException("SES is throttling: " + e.awsErrorDetails().errorCode(), null);
        } catch (BadRequestException e) {
            throw new EmailRefusedException("BadRequest", Masking.text(e.awsErrorDetails().errorMessage()));
        } catch (SesV2Exception e) {
            if (e.statusCode() >= 500) {
                throw new EmailUnavailableException("SES failed with " + e.statusCode() + ": " + e.awsErrorDetails().errorCode(), null);
            }
            throw new IllegalStateException("SES refused to send (" + e.awsErrorDetails().errorCode() + "): "
                    + Masking.text(e.awsErrorDetails().errorMessage()));
        } catch (SdkClientException e) {
            throw new EmailUnavailableException("SES unreachable: " + Masking.text(e.getMessage()), null);
        }
    }

    @Override
    public String name() {
        return "ses";
    }

    @Override
    public void close() {
        // the client belongs to the caller
    }

    @Override
    public String toString() {
        return "ses" + (configurationSet == null ? "" : " (configuration set " + configurationSet + ")");
    }
}
