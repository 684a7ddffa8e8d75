package dev.spamtrace.config;

import java.util.List;

/**
 * The {@code users} section: who is who on a shared server.
 *
 * @param web the web server's users (their files in a customer's docroot are suspicious)
 * @param mta the mail system's users (never killed, allowed to speak SMTP)
 * @param systemUidMax uids at or below this are system accounts, not customers
 */
public record UserSettings(List<String> web, List<String> mta, int systemUidMax) {}
