package dev.spamtrace.response.firewall;

import java.io.IOException;
import java.nio.file.Path;

/** Where our sets and rules live: nftables, or iptables with ipset. */
public interface FirewallBackend {
  /** {@code nftables} or {@code iptables}. */
  String name();

  /**
   * Whether a set refuses an element that overlaps one it holds (nftables interval sets do;
   * ipset hashes do not). Where it does, a block adds only the parts not blocked yet.
   */
  boolean refusesOverlaps();

  /** What our table (or chains and sets) holds now; absent when we have nothing there. */
  FirewallState read() throws IOException;

  /** Our part of the ruleset as the tool prints it, for the journal's before/after record. */
  String snapshot() throws IOException;

  /**
   * Makes sure the layout exists (our own table or chains only) and applies the change, as one
   * transaction where the tool allows. The rule file is written into {@code workDir} and kept
   * there as evidence; it is returned.
   */
  Path apply(Layout layout, Change change, Path workDir) throws IOException;

  /** Removes our table (or chains, jumps and sets) entirely; nothing else is touched. */
  void removeAll() throws IOException;
}
