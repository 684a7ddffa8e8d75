package dev.spamtrace.incident;

/**
 * What an inspector did look at, so a clean report says what it is clean of.
 *
 * @param inspector which inspector
 * @param what what was looked at ("Postfix queue /var/spool/postfix")
 * @param count how many items (messages, files, processes), or -1 when not countable
 */
public record Coverage(String inspector, Text what, long count) {}
