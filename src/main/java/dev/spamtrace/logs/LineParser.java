package dev.spamtrace.logs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises lines with the rule files' patterns: reads the envelope (time, syslog tag), then
 * tries the patterns of the formats that use that envelope and tag. Pure: a string in, fields out.
 * One parser per thread (it reuses its result object); the last pattern that matched is tried
 * first, so a file of one format costs one attempt per line.
 */
public final class LineParser {
  /** What became of one line. */
  public enum Outcome {
    RECOGNISED,
    UNRECOGNISED,
    MALFORMED
  }

  private static final int TAG_CACHE_MAX = 4096;
  private static final Envelope[] ORDER = {
    Envelope.SYSLOG_CTIME, Envelope.SYSLOG, Envelope.CTIME, Envelope.ISO, Envelope.PHP, Envelope.TAI64N_TAG, Envelope.TAI64N, Envelope.NONE
  };

  private final EnumMap<Envelope, List<CompiledPattern>> byEnvelope = new EnumMap<>(Envelope.class);
  private final Map<String, Pattern> formatPrograms = new HashMap<>();
  private final EnumMap<Envelope, Map<String, List<CompiledPattern>>> tagCache = new EnumMap<>(Envelope.class);
  private final Envelope[] envelopes;
  private final ParsedLine parsed = new ParsedLine();
  private final Envelope.Match scratch = new Envelope.Match();
  private CompiledPattern last;
  private Envelope lastEnvelope;
  private String unrecognisedFormat;

  LineParser(LogRules rules, Set<String> only) {
    for (CompiledPattern p : rules.patterns()) {
      FormatRule f = p.format;
      if (only != null && !only.contains(f.format())) {
        continue;
      }
      for (String e : f.envelopes()) {
        byEnvelope.computeIfAbsent(Envelope.fromId(e), k -> new ArrayList<>()).add(p);
      }
      if (f.programs() != null) {
        formatPrograms.putIfAbsent(f.format(), Pattern.compile(f.programs()));
      }
    }
    List<Envelope> used = new ArrayList<>();
    for (Envelope e : ORDER) {
      if (byEnvelope.containsKey(e)) {
        used.add(e);
        tagCache.put(e, new HashMap<>());
      }
    }
    this.envelopes = used.toArray(Envelope[]::new);
  }

  /** The result of the last {@link #parse} that returned {@link Outcome#RECOGNISED}. */
  public ParsedLine parsed() {
    return parsed;
  }

  /**
   * For the last unrecognised line: the format whose envelope and tag it had (its patterns did
   * not match), or null when no format claimed its start.
   */
  public String unrecognisedFormat() {
    return unrecognisedFormat;
  }

  /**
   * Reads one line (without its newline). Control characters (ANSI escapes start with one) make a
   * line malformed: daemons escape them, so a raw one means a broken or forged log.
   */
  public Outcome parse(String line) {
    if (!printable(line)) {
      unrecognisedFormat = null;
      return Outcome.MALFORMED;
    }
    return parsePrintable(line);
  }

  /** {@link #parse} for a line the caller already found free of control characters. */
  Outcome parsePrintable(String line) {
    unrecognisedFormat = null;
    if (last != null && attempt(lastEnvelope, last, line)) {
      return Outcome.RECOGNISED;
    }
    for (Envelope e : envelopes) {
      if (!e.match(line, scratch)) {
        continue;
      }
      List<CompiledPattern> candidates = candidates(e, line);
      for (CompiledPattern p : candidates) {
        if (p != last && attemptWith(e, p, line)) {
          last = p;
          lastEnvelope = e;
          return Outcome.RECOGNISED;
        }
      }
      if (unrecognisedFormat == null && !candidates.isEmpty() && e != Envelope.NONE) {
        unrecognisedFormat = claimant(candidates);
      }
    }
    if (unrecognisedFormat == null && byEnvelope.containsKey(Envelope.NONE)) {
      List<CompiledPattern> none = byEnvelope.get(Envelope.NONE);
      String f = none.get(0).format.format();
      boolean one = none.stream().allMatch(p -> p.format.format().equals(f));
      unrecognisedFormat = one ? f : null;
    }
    return Outcome.UNRECOGNISED;
  }

  /**
   * Every pattern that would recognise the line, not only the first: the rule tests use it to prove
   * that no line is claimed by two patterns.
   */
  List<String> allMatches(String line) {
    List<String> out = new ArrayList<>();
    if (!printable(line)) {
      return out;
    }
    for (Envelope e : envelopes) {
      if (!e.match(line, scratch)) {
        continue;
      }
      for (CompiledPattern p : candidates(e, line)) {
        int[] off = new int[p.slots() + 8];
        if (p.match(line, scratch.message, off) && !out.contains(p.id)) {
          out.add(p.id);
        }
      }
    }
    return out;
  }

  /** The format a line of these candidates belongs to: one that names its program, rather than one reading every program (PAM). */
  private static String claimant(List<CompiledPattern> candidates) {
    for (CompiledPattern p : candidates) {
      if (!".+".equals(p.format.programs())) {
        return p.format.format();
      }
    }
    return candidates.get(0).format.format();
  }

  /** Tab is allowed (some daemons write it); every other C0 control, DEL and C1 control is not. */
  static boolean printable(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        if (c != '\t') {
          return false;
        }
      } else if (c >= 0x7f && c < 0xa0) {
        return false;
      }
    }
    return true;
  }

  private boolean attempt(Envelope e, CompiledPattern p, String line) {
    if (!e.match(line, scratch)) {
      return false;
    }
    if (scratch.tagStart >= 0 && !candidates(e, line).contains(p)) {
      return false;
    }
    return attemptWith(e, p, line);
  }

  private boolean attemptWith(Envelope e, CompiledPattern p, String line) {
    ParsedLine r = parsed;
    if (r.off.length < p.slots() + 8) {
      r.off = new int[p.slots() + 8];
    }
    if (!p.match(line, scratch.message, r.off)) {
      return false;
    }
    r.line = line;
    r.pattern = p;
    r.envTimeStart = scratch.timeStart;
    r.envTimeEnd = scratch.timeEnd;
    r.envTimeStyle = scratch.timeStyle;
    r.envelope.copyFrom(scratch);
    return true;
  }

  /** The patterns for an envelope; for syslog envelopes, only those of formats reading this tag. */
  private List<CompiledPattern> candidates(Envelope e, String line) {
    List<CompiledPattern> all = byEnvelope.get(e);
    if (scratch.tagStart < 0) {
      return all;
    }
    String tag = line.substring(scratch.tagStart, scratch.tagEnd);
    Map<String, List<CompiledPattern>> cache = tagCache.get(e);
    List<CompiledPattern> c = cache.get(tag);
    if (c != null) {
      return c;
    }
    c = new ArrayList<>();
    for (CompiledPattern p : all) {
      Pattern fp = formatPrograms.get(p.format.format());
      if (fp != null && !fp.matcher(tag).matches()) {
        continue;
      }
      if (p.program != null && !p.program.matcher(tag).matches()) {
        continue;
      }
      c.add(p);
    }
    c = List.copyOf(c);
    if (cache.size() < TAG_CACHE_MAX) {
      cache.put(tag, c);
    }
    return c;
  }
}
