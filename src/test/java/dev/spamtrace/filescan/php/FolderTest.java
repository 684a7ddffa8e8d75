package dev.spamtrace.filescan.php;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.filescan.rules.PhpScanner;
import dev.spamtrace.filescan.rules.RuleSet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class FolderTest {
  static String fold(String php) {
    return Folder.fold(php, 1 << 20).text();
  }

  static String gzb64(byte[] raw) {
    Deflater d = new Deflater(9, true);
    d.setInput(raw);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  @Test
  void foldsConcatenationChrChainsEscapesAndRot13IntoNames() {
    assertThat(fold("<?php $f = 'as'.'sert'; $f($x);")).contains("assert($x)");
    assertThat(fold("<?php $f = chr(115).chr(121).chr(115).chr(116).chr(101).chr(109); $f('id');")).contains("system('id')");
    assertThat(fold("<?php $f = \"\\x73\\171stem\"; $f('id');")).contains("system('id')");
    assertThat(fold("<?php $f = str_rot13('flfgrz'); $f('id');")).contains("system('id')");
    assertThat(fold("<?php $f = strrev('metsys'); $f('id');")).contains("system('id')");
    assertThat(fold("<?php $n = str_replace('Xz', '', 'crXzeate_fuXznction'); $g = $n('', 'x');")).contains("create_function('','x')");
    assertThat(fold("<?php ${'_PO'.'ST'}['a'];")).contains("$_POST['a']");
    assertThat(fold("<?php $GLOBALS['k'] = 'sys'.'tem'; $GLOBALS['k']('id');")).contains("system('id')");
    assertThat(fold("<?php $f = implode('', array('sh', 'ell_', 'exec')); $f('id');")).contains("shell_exec('id')");
  }

  @Test
  void commentsAndWhitespaceGoAndStringsInCommentsAreNotCode() {
    String f = fold("<?php // eval($_POST['x']);\n /* system($_GET['c']) */ echo   'ok' ;  # assert($_REQUEST[1])\n");
    assertThat(f).isEqualTo("<?php echo'ok';");
  }

  @Test
  void requestInputIsFollowedThroughVariablesLoopsAndPassThroughFunctions() {
    assertThat(fold("<?php $c = trim($_POST['c']); system($c);")).contains("system($_TAINT)");
    assertThat(fold("<?php $l = explode(\"\\n\", $_POST['l']); foreach ($l as $to) { mail($to, 's', 'b'); }"))
        .contains("mail($_TAINT,'s','b')");
    // A lookup ends the flow: the user record is not what the visitor typed.
    assertThat(fold("<?php $u = get_user_by('login', $_POST['u']); mail($u->email, 's', 'b');")).contains("mail($u->email");
    // An index is not the value.
    assertThat(fold("<?php $h = $handlers[$_GET['a']]; call_user_func($h);")).contains("call_user_func($h)");
    // Another function's variable is another variable.
    assertThat(fold("<?php function a() { $x = $_POST['x']; } function b($x) { eval($x); }")).contains("eval($x)");
    // Backticks are shell_exec.
    assertThat(fold("<?php $c = $_GET['c']; echo `$c`;")).contains("shell_exec(\"$_TAINT\")");
  }

  @Test
  void decodesNestedPayloadsAndScansThem() {
    String inner = "<?php ?>" ;
    String payload = "$t = $_POST['t']; mail($t, $_POST['s'], $_POST['m']);";
    String layer2 = "eval(gzinflate(base64_decode('" + gzb64(payload.getBytes(StandardCharsets.ISO_8859_1)) + "')));";
    String file = "<?php eval(base64_decode('" + Base64.getEncoder().encodeToString(layer2.getBytes(StandardCharsets.ISO_8859_1)) + "'));" + inner;
    PhpScanner.ScanResult r = PhpScanner.standard().scan(file.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(r.ruleIds()).contains("packed.eval-decoded", "mailer.recipient-and-content-from-request");
    assertThat(r.layers()).isGreaterThanOrEqualTo(3);
    assertThat(r.hits()).anySatisfy(h -> {
      assertThat(h.rule().id()).isEqualTo("mailer.recipient-and-content-from-request");
      assertThat(h.layer()).startsWith("decoded: gzinflate(base64_decode(");
      assertThat(h.snippet()).contains("mail($_TAINT");
    });
  }

  @Test
  void decodingIsBoundedInDepthAndSize() {
    String code = "echo 1;";
    for (int i = 0; i < 12; i++) {
      code = "eval(base64_decode('" + Base64.getEncoder().encodeToString(code.getBytes(StandardCharsets.ISO_8859_1)) + "'));";
    }
    PhpScanner.ScanResult deep = new PhpScanner(RuleSet.bundled(), new PhpScanner.Limits(4, 1 << 20))
        .scan(("<?php " + code).getBytes(StandardCharsets.ISO_8859_1));
    assertThat(deep.layers()).isLessThanOrEqualTo(5);
    assertThat(deep.notes()).anyMatch(n -> n.startsWith("not decoded further"));

    // A deflate bomb: 64 MiB of zeros in about 64 KiB; decoding stops at the limit.
    String bomb = "<?php eval(gzinflate(base64_decode('" + gzb64(new byte[64 << 20]) + "')));";
    PhpScanner.ScanResult r = new PhpScanner(RuleSet.bundled(), new PhpScanner.Limits(6, 2 << 20))
        .scan(bomb.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(r.ruleIds()).contains("packed.eval-decoded");
    assertThat(Folder.fold(bomb, 2 << 20).payloads()).allSatisfy(p -> assertThat(p.value().length()).isLessThanOrEqualTo(2 << 20));
  }

  @Test
  void lexerSurvivesBrokenInput() {
    assertThat(fold("<?php echo 'unterminated")).startsWith("<?php echo'unterminated");
    assertThat(fold("<?php /* never closed eval($_POST[1])")).isEqualTo("<?php ");
    assertThat(fold("<?php $x = <<<EOT\nhello $_POST[a]\nEOT;\n")).contains("hello $_POST[a]");
    assertThat(fold("plain html <b>only</b>")).isEqualTo("plain html <b>only</b>");
    assertThat(PhpScanner.standard().scan(new byte[] {0, (byte) 0xff, '<', '?', 'p', 'h', 'p', ' ', (byte) 0xfe}).hits()).isEmpty();
  }
}
