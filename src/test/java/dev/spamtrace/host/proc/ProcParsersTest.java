package dev.spamtrace.host.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcParsersTest {
  /** Captured from this machine: {@code cat /proc/self/stat}. */
  static final String REAL_STAT = "28254 (cat) R 28252 28252 3635 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 166712 3133440 378 "
      + "18446744073709551615 94096848433152 94096848453033 140727685049888 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 94096848469040 "
      + "94096848470656 94097267855360 140727685057251 140727685057271 140727685057271 140727685058539 0\n";

  @Test
  void realStatLine() {
    ProcStat s = ProcStat.parse(REAL_STAT).orElseThrow();
    assertThat(s.pid()).isEqualTo(28254);
    assertThat(s.comm()).isEqualTo("cat");
    assertThat(s.state()).isEqualTo('R');
    assertThat(s.ppid()).isEqualTo(28252);
    assertThat(s.startTicks()).isEqualTo(166712);
    assertThat(s.kernelThread()).isFalse();
  }

  @Test
  void kernelThreadFlag() {
    ProcStat s = ProcStat.parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 23 0 0 18446744073709551615 0 0 0 0 0 0 0 "
        + "2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0").orElseThrow();
    assertThat(s.kernelThread()).isTrue();
    assertThat(s.startTicks()).isEqualTo(23);
  }

  /** Names chosen to break parsers that split on spaces or cut at the first ')' (A3). */
  @Test
  void namesWithSpacesAndParenthesesCannotForgeFields() {
    for (String name : new String[] {"x) R 1", "Plex New Transc", ":-) 1 2 3", ") S 1 (", "((", "a)b)c"}) {
      String line = "4242 (" + name + ") S 77 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 999 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 17";
      ProcStat s = ProcStat.parse(line).orElseThrow();
      assertThat(s.comm()).isEqualTo(name);
      assertThat(s.ppid()).isEqualTo(77);
      assertThat(s.state()).isEqualTo('S');
      assertThat(s.startTicks()).isEqualTo(999);
    }
  }

  @Test
  void garbageStatIsEmptyNotAnException() {
    assertThat(ProcStat.parse("")).isEmpty();
    assertThat(ProcStat.parse("12 (cut")).isEmpty();
    assertThat(ProcStat.parse("12 (x) S 1 2")).isEmpty();
    assertThat(ProcStat.parse("zz (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21")).isEmpty();
  }

  @Test
  void statusUidsAndParent() {
    ProcStatus s = ProcStatus.parse("Name:\tbash\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t21473\nPid:\t21473\nPPid:\t1\n"
        + "TracerPid:\t0\nUid:\t33\t33\t33\t33\nGid:\t33\t33\t33\t33\nFDSize:\t64\nThreads:\t1\n").orElseThrow();
    assertThat(s.name()).isEqualTo("bash");
    assertThat(s.ppid()).isEqualTo(1);
    assertThat(s.realUid()).isEqualTo(33);
    assertThat(s.effectiveUid()).isEqualTo(33);
    assertThat(s.threads()).isEqualTo(1);
    assertThat(ProcStatus.parse("Name:\tx\n")).isEmpty();
  }

  @Test
  void cmdlineAsPerlLeavesItAfterDollarZero() {
    assertThat(ProcCmdline.parse("bash\0".getBytes(StandardCharsets.UTF_8))).containsExactly("bash");
    assertThat(ProcCmdline.parse("bash\0\0\0\0\0".getBytes(StandardCharsets.UTF_8))).containsExactly("bash");
    assertThat(ProcCmdline.parse("/usr/bin/perl\0-e\0print 1\0".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("/usr/bin/perl", "-e", "print 1");
    assertThat(ProcCmdline.parse("php-fpm: pool www        ".getBytes(StandardCharsets.UTF_8))).containsExactly("php-fpm: pool www        ");
    assertThat(ProcCmdline.parse(new byte[0])).isEmpty();
    assertThat(ProcCmdline.parse("a\0\0b\0".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "", "b");
  }

  @Test
  void linksDeletedAndSockets() {
    assertThat(ProcLink.parse("/tmp/.x/bash (deleted)")).isEqualTo(new ProcLink("/tmp/.x/bash", true));
    assertThat(ProcLink.parse("/usr/bin/perl")).isEqualTo(new ProcLink("/usr/bin/perl", false));
    assertThat(ProcLink.parse("/usr/bin/perl").baseName()).isEqualTo("perl");
    assertThat(ProcLink.socketInode("socket:[339476]")).hasValue(339476);
    assertThat(ProcLink.socketInode("pipe:[1]")).isEmpty();
    assertThat(ProcLink.socketInode("socket:[x]")).isEmpty();
  }

  /** Lines from the lab's /proc/net/tcp and /proc/net/udp (real-components-lab.md §4). */
  @Test
  void netLinesFromTheLab() {
    String tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        + "  21: 0100007F:C55A 0100007F:09DD 01 00000000:00000000 00:00000000 00000000    33        0 339476 1 0000000000000000 20 4 30 10 -1\n"
        + "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1132 1 00000000569500c2 100 0 0 10 0     \n"
        + "  this line is not one\n";
    ProcNet.Parsed p = ProcNet.parse("tcp", tcp);
    assertThat(p.badLines()).isEqualTo(1);
    assertThat(p.sockets()).hasSize(2);
    NetSocket s = p.sockets().get(0);
    assertThat(s.describe()).isEqualTo("127.0.0.1:50522 -> 127.0.0.1:2525 ESTABLISHED");
    assertThat(s.uid()).isEqualTo(33);
    assertThat(s.inode()).isEqualTo(339476);
    assertThat(s.outboundTcp()).isTrue();
    assertThat(p.sockets().get(1).state()).isEqualTo(NetSocket.LISTEN);
    assertThat(p.sockets().get(1).outboundTcp()).isFalse();

    NetSocket u = ProcNet.parse("udp", "header\n11948: 0100007F:DD1A 0100007F:14B5 01 00000000:00000000 00:00000000 00000000    33        0 339478 2 0000000000000000 0\n")
        .sockets().get(0);
    assertThat(u.describe()).isEqualTo("127.0.0.1:56602 -> 127.0.0.1:5301 CONNECTED");

    NetSocket v6 = ProcNet.parse("tcp6", "header\n   0: 00000000000000000000000001000000:0019 0000000000000000FFFF0000020010AC:C350 01 00000000:00000000 00:00000000 00000000     0        0 77 1\n")
        .sockets().get(0);
    assertThat(v6.localAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(v6.remoteAddress()).isEqualTo("172.16.0.2");
    assertThat(v6.localPort()).isEqualTo(25);
  }

  @Test
  void commIsTheNameWithoutItsNewline() {
    assertThat(ProcComm.parse("bash\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("bash");
    assertThat(ProcComm.parse("x) R 1\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("x) R 1");
    assertThat(ProcComm.parse(new byte[0])).isEmpty();
  }
}
