package dev.spamtrace.incident;

/**
 * An alert ready to send, in both languages: at least what the monitoring team wrote by hand.
 *
 * @param kind e.g. {@code mail-queue}
 * @param subject the mail subject line
 * @param body the text
 */
public record Alert(String kind, Text subject, Text body) {}
