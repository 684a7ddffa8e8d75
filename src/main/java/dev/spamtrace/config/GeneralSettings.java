package dev.spamtrace.config;

/**
 * The {@code general} section.
 *
 * @param lang default report language, {@code en} or {@code ja}
 * @param stateDir where the journal and history live (on the machine running spamtrace)
 * @param caseRoot where case folders (evidence, quarantine, archived mail) are made
 */
public record GeneralSettings(String lang, String stateDir, String caseRoot) {}
