package dev.spamtrace.filescan.php;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.filescan.CmsTreesTest;
import dev.spamtrace.filescan.rules.RuleSet;
import dev.spamtrace.testing.RealComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The byte lexer reads every text exactly as the string lexer it replaced did ({@link
 * StringLexerOracle}): same kinds, texts and constant flags, token by token, on the rules'
 * samples, on awkward hand-written input and on the real CMS trees.
 */
class PhpLexerTest {
  @Test
  void sameTokensAsTheStringLexerOnEveryRuleSample() {
    int texts = 0;
    for (var f : RuleSet.bundled().files()) {
      for (var s : f.samples()) {
        assertSameTokens(s.content(), f.family() + "/" + s.name());
        texts++;
      }
    }
    assertThat(texts).isGreaterThan(50);
  }

  @Test
  void sameTokensOnAwkwardInput() {
    List<String> cases = List.of("", "no php here", "<?xml version='1.0'?><?php echo 1;", "<?= $x ?>\nafter", "<? short",
        "<?PHP ECHO 'A';", "<?php echo 'unterminated", "<?php echo \"unterminated \\", "<?php 'a\\'b\\\\c\\d'",
        "<?php \"\\x41\\101\\u{263A}\\e\\q$\" . \"$v {$w} ${x}\"", "<?php `ls $d` . `ls`", "<?php #[Attr]\n# c ?> html",
        "<?php // c ?>html<?php /* never", "<?php $a <<= 1 ?? $b ??= 2 <=> 3 ... ?-> **= !== ===",
        "<?php \\eval(\\ns\\fn(1.5e3, 0x1F, 1..2, 3.))", "<?php $\u00e9t\u00e9 = f\u00fcr();",
        "<?php $s = <<<EOT\nhello $name\n  EOT;\n", "<?php $s = <<<'NOW'\nraw \\x41 $x\nNOW\n;", "<?php $s = <<<\"Q\"\n\\x41\nQ;",
        "<?php $s = <<< EOT\nno end", "<?php $a << $b; $c = <<<\n", "<?php $x = \"a\\\"b\"; $y = '\\'';", "<?php ?>\n\n<?php ?>",
        "<?php $a{0}; $$b; ${'x'}; $", "<?php \\", "\u0000<?php \u00ff\u0080");
    for (String c : cases) {
      assertSameTokens(c, c);
    }
  }

  @Test
  void operatorsAreTheLiteralsTheFolderComparesByIdentity() {
    Tokens t = PhpLexer.lex("<?php $a .= f('x') ?? [$b->c];");
    List<String> ops = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (t.kind(i) == PhpLexer.Kind.OP) {
        ops.add(t.text(i));
      }
    }
    assertThat(ops).containsExactly(".=", "(", ")", "??", "[", "->", "]", ";");
    assertThat(t.isOp(2, ".=")).isTrue();
    assertThat(t.isOp(4, "(")).isTrue();
    assertThat(t.isOp(4, new String("("))).as("a string made at run time is not an operator literal").isFalse();
  }

  @Test
  void sameTokensOnTheCmsTrees() throws IOException {
    List<Path> present = CmsTreesTest.TREES.stream().map(Path::of).filter(Files::isDirectory).toList();
    RealComponent.require(present.stream().anyMatch(p -> p.endsWith("wordpress")), "the Debian CMS packages (.ci/components/cms-trees.sh)");
    int files = 0;
    for (Path root : present) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(x -> x.toString().endsWith(".php") && Files.isRegularFile(x)).toList()) {
          assertSameTokens(read(p), p.toString());
          files++;
        }
      }
    }
    assertThat(files).isGreaterThan(10_000);
  }

  private static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertSameTokens(String text, String what) {
    String src = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    List<StringLexerOracle.Token> want = StringLexerOracle.lex(src);
    Tokens got = PhpLexer.lex(src);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (StringLexerOracle.Token x : want) {
      a.add(x.kind() + " " + x.constant() + " " + x.text());
    }
    for (int i = 0; i < got.size(); i++) {
      b.add(got.kind(i) + " " + got.constant(i) + " " + got.text(i));
    }
    if (!a.equals(b)) {
      assertThat(b).as(what).isEqualTo(a);
    }
  }
}
