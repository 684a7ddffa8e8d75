package dev.spamtrace.config;

import java.util.List;

/**
 * The {@code server} section: how reports and alerts name the server.
 *
 * @param name host name; empty means read {@code /etc/hostname} under the root
 * @param container container id (Virtuozzo VEID); empty when not a container
 * @param addresses public addresses; empty means discover them
 */
public record ServerSettings(String name, String container, List<String> addresses) {}
