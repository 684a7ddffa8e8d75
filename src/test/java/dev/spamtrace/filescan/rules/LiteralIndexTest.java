package dev.spamtrace.filescan.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Long texts are read by two automaton runs, one per half ({@link LiteralIndex#positions(byte[],
 * int, int[])}): they must find exactly what one run finds (the CharSequence form, one run), in
 * the same order, including literals that span the middle, overlap, or repeat on both sides.
 */
class LiteralIndexTest {
  private static final List<String> LITERALS = List.of("eval(", "$_post", "ab", "abab", "b", "base64_decode", "<?", "x");

  @Test
  void twoRunsOverTheHalvesFindWhatOneRunFinds() {
    LiteralIndex index = LiteralIndex.of(LITERALS);
    int[] lengths = LITERALS.stream().mapToInt(String::length).toArray();
    Random rnd = new Random(42);
    String alphabet = "abx<?$_POSTevl(base64_decode) \n";
    for (int round = 0; round < 400; round++) {
      int n = round < 40 ? round * 50 : 900 + rnd.nextInt(6000);
      StringBuilder b = new StringBuilder(n);
      for (int k = 0; k < n; k++) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      // A long literal across the middle, where the second run starts.
      if (n > 40) {
        int at = n / 2 - rnd.nextInt(13);
        b.replace(at, at + 13, "base64_decode");
      }
      String text = b.toString();
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      int[][] want = index.positions(text, lengths);
      int[][] got = index.positions(bytes, bytes.length, lengths);
      assertThat(got).as("text of %d bytes", n).isDeepEqualTo(want);
    }
  }

  @Test
  void theRealRuleSetOnAPackedShellAcrossTheMiddle() {
    RuleSet rules = RuleSet.bundled();
    String half = "<?php /* " + "filler ".repeat(300) + " */ $a = 'x';\n";
    String text = half + "eval(base64_decode($_POST['c']));" + half + "eval($_GET['x']);";
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(rules.positions(bytes, bytes.length)).isDeepEqualTo(rules.positions(text));
  }
}
