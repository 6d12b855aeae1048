/**
 * Email: templates rendered to HTML with a plain-text alternative, MIME messages whose Message-ID derives
 * from the event, and the two transports (SMTP with reused connections, Amazon SES v2), with permanent
 * refusals told apart from outages.
 */
package dev.eventbus.notification.email;
