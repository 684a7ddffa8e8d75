package dev.spamtrace.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginatingScriptTest {
  @Test
  void parsesTheHeaderAndComparesByOwnerAndScript() {
    OriginatingScript a = OriginatingScript.parse(" 10001:css.php ");
    assertThat(a.ownerUid()).isEqualTo(10001);
    assertThat(a.script()).isEqualTo("css.php");
    assertThat(a.toString()).isEqualTo("10001:css.php");
    // Equal values are equal with equal hashes (the breakdowns count by them), whatever made them.
    OriginatingScript b = new OriginatingScript(Integer.valueOf(10001), new String("css.php"));
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(new OriginatingScript(10002, "css.php")).isNotEqualTo(a);
    assertThat(new OriginatingScript(10001, "db.php")).isNotEqualTo(a);
    assertThat(OriginatingScript.parse("css.php")).isEqualTo(new OriginatingScript(null, "css.php"))
        .hasSameHashCodeAs(new OriginatingScript(null, "css.php")).isNotEqualTo(a);
    assertThat(new OriginatingScript(null, null)).isEqualTo(new OriginatingScript(null, null)).isNotEqualTo(a);
    assertThat(OriginatingScript.parse("x1:mail.php").ownerUid()).isNull();
    assertThat(OriginatingScript.parse("  ")).isNull();
  }
}
