package dev.spamtrace.filescan.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A pattern with anchors is tried only where one of them occurs, so an anchor that a match does
 * not start with would hide matches: anchors are read only from forms that fix a match's start.
 */
class AnchorsTest {
  @Test
  void aGroupRepeatedAtLeastOnceStartsWithOneOfItsAlternatives() {
    assertThat(Anchors.of("(?:\\\\x[0-9a-fA-F]{2}){24}")).containsExactly("\\x");
    assertThat(Anchors.of("(?:chr\\s*\\(\\s*\\d{2,3}\\s*\\)){3}")).containsExactly("chr");
    assertThat(Anchors.of("(?:chr\\s*\\(){0,3}eval")).isNull();
    assertThat(Anchors.of("(?:chr\\s*\\()?eval")).isNull();
  }

  @Test
  void aShortPrefixBeforeASmallClassIsExpanded() {
    assertThat(Anchors.of("(?:\\\\[0-7]{3}){24}")).containsExactly("\\0", "\\1", "\\2", "\\3", "\\4", "\\5", "\\6", "\\7");
    assertThat(Anchors.of("\\\\[0-7]?x")).isNull();
    assertThat(Anchors.of("\\\\[^0-7]x")).isNull();
  }

  @Test
  void nestedAlternativesCombineWithTheirPrefix() {
    assertThat(Anchors.of("(?<=\\$\\w{1,30}\\s{0,20}=\\s{0,20})\"(?:\\\\x(?:61|41)\\\\x73|\\\\x65\\\\x76)"))
        .containsExactly("\"\\x61", "\"\\x41", "\"\\x65\\x76");
  }

  @Test
  void aCommonOrOptionalStartAnchorsNothing() {
    assertThat(Anchors.of("\\$\\w{1,20}\\s*\\(")).isNull();
    assertThat(Anchors.of("ab")).isNull();
    assertThat(Anchors.of("evalx?")).containsExactly("eval");
  }

  @Test
  void everySourceLayerPatternHasAnchors() {
    // Source rules run on every file's raw bytes; an unanchored one is a regex search over all of them.
    for (Rule r : RuleSet.bundled().rules()) {
      if (r.layer() == Rule.Layer.SOURCE) {
        for (int k = 0; k < r.any().size(); k++) {
          assertThat(r.anyAnchors()[k]).as("%s any[%d]", r.id(), k).isNotNull();
        }
        assertThat(r.all().isEmpty() || r.allAnchors()[0] != null).as("%s all[0]", r.id()).isTrue();
      }
    }
  }
}
