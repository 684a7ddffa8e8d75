package dev.spamtrace.geoip;

/**
 * The {@code geoip} section.
 *
 * @param database a MaxMind DB country file; empty for the embedded one
 */
public record GeoIpSettings(String database) {}
