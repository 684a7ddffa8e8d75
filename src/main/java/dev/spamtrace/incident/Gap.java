package dev.spamtrace.incident;

/**
 * Something that could not be checked: "could not tell", never "clean".
 *
 * @param inspector which inspector
 * @param source the path, zone or process it concerns, as seen on the server
 * @param reason why
 */
public record Gap(String inspector, String source, Text reason) {}
