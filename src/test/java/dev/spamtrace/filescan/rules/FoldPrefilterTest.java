package dev.spamtrace.filescan.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Files for which the prefilter says folding shows nothing new are scanned as source only: the
 * prefilter is sound only if every file a rule matches after folding passes it. Checked against
 * every positive sample of the rules and against packed and obfuscated variants, each scanned
 * both ways (prefilter, and folding everything) with the same hits expected.
 */
class FoldPrefilterTest {
  private static final String DEFANGED = "<?php exit('defanged spamtrace sample'); ?>\n<?php\n";
  private final PhpScanner scanner = PhpScanner.standard();
  private final PhpScanner reference = PhpScanner.foldingEverything(RuleSet.bundled(), PhpScanner.Limits.defaults());

  @TestFactory
  Stream<DynamicTest> everyPositiveSamplePassesThePrefilter() {
    return scanner.rules().files().stream().flatMap(f -> f.samples().stream().filter(s -> !s.expect().isEmpty())
        .map(s -> DynamicTest.dynamicTest(f.family() + "/" + s.name(), () -> {
          byte[] b = s.content().getBytes(StandardCharsets.UTF_8);
          boolean codeRule = s.expect().stream().anyMatch(id -> rule(id).layer() == Rule.Layer.CODE);
          if (codeRule) {
            assertThat(scanner.worthFolding(b, b.length, scanner.rules().rawPositions(b, b.length))).as("prefilter passes it").isTrue();
          }
          assertThat(scanner.scan(b).ruleIds()).isEqualTo(reference.scan(b).ruleIds());
        })));
  }

  @TestFactory
  Stream<DynamicTest> packedAndObfuscatedCodeIsFoldedAndFound() {
    String payload = "$a = 1; system($_POST['c']);";
    return Stream.of(
        "$f = 'ev'.'al'; $g = 'base'.'64_decode'; $f($g('" + b64(payload) + "'));",
        "system(file_get_contents('ph' . 'p://input'));",
        "$f = 'sys'.'tem'; $f($_SERVER['HT'.'TP_X_CMD']);",
        "$f = \"\\x73\\x79\\x73\\x74\\x65\\x6d\"; $f($_POST['c']);",
        "$f = \"\\163\\171\\163\\164\\145\\155\"; $f($_COOKIE['c']);",
        "$f = chr(115).chr(121).chr(115).chr(116).chr(101).chr(109); $f($_GET['c']);",
        "$f = str_rot13('flfgrz'); $f($_REQUEST['c']);",
        "$a = array('sys'.'tem', 'x'); $a[0]($_REQUEST['c']);",
        "$f = 'ass'.'ert'; $f(${'_PO'.'ST'}['x']);",
        "$n = '_'.'GET'; $f = 'sys'.'tem'; $f(${$n}['c']);",
        "eval(gzinflate(base64_decode('" + b64(deflate(payload)) + "')));",
        "$z = 'gzin'.'flate'; $b = 'base'.'64_decode'; $e = 'ev'.'al'; $e($z($b('" + b64(deflate(payload)) + "')));")
        .map(code -> DynamicTest.dynamicTest(code, () -> {
          byte[] b = (DEFANGED + code + "\n").getBytes(StandardCharsets.ISO_8859_1);
          assertThat(scanner.worthFolding(b, b.length, scanner.rules().rawPositions(b, b.length))).as("prefilter passes it").isTrue();
          PhpScanner.ScanResult r = scanner.scan(b);
          assertThat(r.verdict()).as("%s", r.hits()).isEqualTo(PhpScanner.Verdict.MALICIOUS);
          assertThat(r.ruleIds()).isEqualTo(reference.scan(b).ruleIds());
        }));
  }

  @TestFactory
  Stream<DynamicTest> plainCodeWithoutEntryPointsIsNotFolded() {
    return Stream.of("echo 'hello' . $name;", "function add($a, $b) { return $a + $b; }", "$x = strlen('abc') . 'x';")
        .map(code -> DynamicTest.dynamicTest(code, () -> {
          byte[] b = ("<?php\n" + code + "\n").getBytes(StandardCharsets.ISO_8859_1);
          assertThat(scanner.worthFolding(b, b.length, scanner.rules().rawPositions(b, b.length))).isFalse();
        }));
  }

  private static Rule rule(String id) {
    List<Rule> all = RuleSet.bundled().rules();
    return all.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** Raw DEFLATE, what PHP's gzinflate() reads. */
  private static byte[] deflate(String s) {
    Deflater d = new Deflater(9, true);
    d.setInput(s.getBytes(StandardCharsets.ISO_8859_1));
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[256];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }
}
