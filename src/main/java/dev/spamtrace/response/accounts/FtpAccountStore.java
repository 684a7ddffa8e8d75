package dev.spamtrace.response.accounts;

import dev.spamtrace.config.UserSettings;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * Where an FTP account's password lives, and how it is changed there: the system's own users
 * ({@code chpasswd}, on the live root only), Pure-FTPd's virtual users ({@code pure-pw passwd … -m}),
 * a ProFTPD {@code AuthUserFile} (its crypt field rewritten with SHA-512 crypt), or a panel's CLI
 * (Plesk keeps its own records and must be asked). A password never becomes an argument (every
 * user can read those in ps): it goes on standard input or, for a panel, in an environment variable.
 */
sealed interface FtpAccountStore {
  /** Account names an FTP daemon or panel takes; never an option (no leading dash). */
  Pattern ACCOUNT = Pattern.compile("^[A-Za-z0-9._][A-Za-z0-9._@+-]{0,63}$");

  /** Stable id for the journal: {@code system}, {@code pure-ftpd}, {@code proftpd}, {@code panel}, {@code unknown}. */
  String id();

  /** Where, for the plan ("system user (chpasswd)", "ProFTPD /etc/proftpd/ftpd.passwd"). */
  Text where();

  /** Why it may not be done here; empty: go. Changes nothing. */
  List<Text> refusals(ActionContext ctx, String account);

  /** Sets the password; returns what was done (no secret in it). */
  Text change(ActionContext ctx, String account, String password) throws IOException;

  /** The store an account's password lives in on this root, as the configuration and the root's files say. */
  static FtpAccountStore find(HostRoot root, AccountSettings s, String account) {
    if (!s.panelCommand().isEmpty()) {
      return new Panel(s.panelCommand(), s.panelPasswordEnv());
    }
    if (s.pureFtpdPasswdFile() != null && !s.pureFtpdPasswdFile().isBlank() && lists(root, s.pureFtpdPasswdFile(), account)) {
      return new PureFtpd(s.pureFtpdPasswdFile(), s.purePwCommand());
    }
    for (String f : s.proftpdAuthUserFiles()) {
      if (lists(root, f, account)) {
        return new ProftpdAuthUserFile(f);
      }
    }
    if (lists(root, "/etc/passwd", account)) {
      return new SystemUser(s.chpasswdCommand());
    }
    return new Unknown();
  }

  /** True when a passwd-format file under the root has a line for the account. */
  static boolean lists(HostRoot root, String file, String account) {
    try {
      return root.read(file, 64 << 20) instanceof FileRead.Content c && line(c.text(), account) >= 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The index of the account's line in passwd-format text, or -1. */
  static int line(String text, String account) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(account + ":")) {
        return i;
      }
    }
    return -1;
  }

  static List<Text> validName(String account) {
    return ACCOUNT.matcher(account).matches() ? List.of()
        : List.of(Text.of("'%s' is not an account name this tool passes to a program", "'%s' はプログラムに渡せるアカウント名ではありません",
            dev.spamtrace.support.Printable.clip(account, 80)));
  }

  /** A system user: {@code chpasswd} reads {@code user:password} on standard input. Live root only. */
  record SystemUser(List<String> chpasswd) implements FtpAccountStore {
    @Override
    public String id() {
      return "system";
    }

    @Override
    public Text where() {
      return Text.of("system user (%s)", "システムユーザ (%s)", String.join(" ", chpasswd));
    }

    @Override
    public List<Text> refusals(ActionContext ctx, String account) {
      List<Text> out = new ArrayList<>(validName(account));
      if (!ctx.root().isLiveSystem()) {
        out.add(Text.of("%s is not the live system: change the password inside it (e.g. vzctl exec VEID chpasswd), not from here",
            "%s は稼働中のシステムではありません: その中でパスワードを変更してください (例: vzctl exec VEID chpasswd)", ctx.root().label()));
        return out;
      }
      UserSettings users = ctx.config().users();
      Integer uid = uid(ctx.root(), account);
      if (uid == null) {
        out.add(Text.of("%s is not in /etc/passwd", "%s は /etc/passwd にありません", account));
      } else if (uid == 0 || uid <= users.systemUidMax() || users.web().contains(account) || users.mta().contains(account)) {
        out.add(Text.of("%s (uid %d) is a system, web or mail account: its password is not changed by this tool",
            "%s (uid %d) はシステム・Web・メールのアカウントのため変更しません", account, uid));
      }
      return out;
    }

    @Override
    public Text change(ActionContext ctx, String account, String password) throws IOException {
      SystemCommand.Result r = ctx.commands().run(chpasswd, (account + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
      if (!r.ok()) {
        throw new IOException("chpasswd: " + r.describe());
      }
      return Text.of("changed the password of the system user %s (chpasswd)", "システムユーザ %s のパスワードを変更 (chpasswd)", account);
    }

    static Integer uid(HostRoot root, String account) {
      if (root.read("/etc/passwd", 64 << 20) instanceof FileRead.Content c) {
        String[] lines = c.text().split("\n");
        int i = line(c.text(), account);
        if (i >= 0) {
          String[] f = lines[i].split(":", -1);
          try {
            return f.length > 2 ? Integer.parseInt(f[2]) : null;
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
      return null;
    }
  }

  /** A Pure-FTPd virtual user: {@code pure-pw passwd USER -f FILE -F PDB -m}, the password twice on standard input. */
  record PureFtpd(String file, List<String> purePw) implements FtpAccountStore {
    @Override
    public String id() {
      return "pure-ftpd";
    }

    @Override
    public Text where() {
      return Text.of("Pure-FTPd virtual user in %s (pure-pw)", "Pure-FTPd 仮想ユーザ %s (pure-pw)", file);
    }

    @Override
    public List<Text> refusals(ActionContext ctx, String account) {
      List<Text> out = new ArrayList<>(validName(account));
      if (!lists(ctx.root(), file, account)) {
        out.add(Text.of("%s is no longer in %s", "%s は %s にもうありません", account, file));
      }
      return out;
    }

    @Override
    public Text change(ActionContext ctx, String account, String password) throws IOException {
      Path local = ctx.root().resolveNoFollow(file);
      String pdb = local.toString().replaceFirst("\\.passwd$", "") + ".pdb";
      List<String> argv = new ArrayList<>(purePw);
      argv.addAll(List.of("passwd", account, "-f", local.toString(), "-F", pdb, "-m"));
      String twice = password + "\n" + password + "\n";
      SystemCommand.Result r = ctx.commands().run(argv, twice.getBytes(StandardCharsets.UTF_8));
      if (!r.ok()) {
        throw new IOException("pure-pw: " + r.describe());
      }
      return Text.of("changed the password of the Pure-FTPd virtual user %s in %s and rebuilt its database", "Pure-FTPd 仮想ユーザ %s (%s) のパスワードを変更しデータベースを更新",
          account, file);
    }
  }

  /**
   * A ProFTPD {@code AuthUserFile}: passwd format, the second field a crypt(3) hash. The account's
   * line gets a new SHA-512 crypt hash; the file is replaced whole (a temporary file beside it,
   * synced, owner and mode kept, then renamed over it), never through a symlink.
   */
  record ProftpdAuthUserFile(String file) implements FtpAccountStore {
    @Override
    public String id() {
      return "proftpd";
    }

    @Override
    public Text where() {
      return Text.of("ProFTPD AuthUserFile %s", "ProFTPD AuthUserFile %s", file);
    }

    @Override
    public List<Text> refusals(ActionContext ctx, String account) {
      List<Text> out = new ArrayList<>(validName(account));
      try {
        Path local = ctx.root().resolveNoFollow(file);
        if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
          out.add(Text.of("%s is not a regular file (a symlink?); refusing to rewrite it", "%s は通常のファイルではありません (シンボリックリンク?)。書き換えません", file));
        } else if (!lists(ctx.root(), file, account)) {
          out.add(Text.of("%s is no longer in %s", "%s は %s にもうありません", account, file));
        }
      } catch (RuntimeException e) {
        out.add(Text.of("cannot resolve %s: %s", "%s を解決できません: %s", file, e.getMessage()));
      }
      return out;
    }

    @Override
    public Text change(ActionContext ctx, String account, String password) throws IOException {
      Path local = ctx.root().resolveNoFollow(file);
      String text = Files.readString(local, StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      int i = line(text, account);
      if (i < 0) {
        throw new IOException(account + " is no longer in " + file);
      }
      String[] f = lines[i].split(":", -1);
      if (f.length < 2) {
        throw new IOException("the line of " + account + " in " + file + " has no password field");
      }
      f[1] = Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8));
      lines[i] = String.join(":", f);
      replace(local, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      return Text.of("changed the password of %s in the ProFTPD AuthUserFile %s (SHA-512 crypt)", "ProFTPD AuthUserFile %2$s の %1$s のパスワードを変更 (SHA-512 crypt)",
          account, file);
    }

    static void replace(Path local, byte[] content) throws IOException {
      PosixFileAttributes a = Files.readAttributes(local, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Path tmp = local.resolveSibling("." + local.getFileName() + ".spamtrace-new");
      Files.deleteIfExists(tmp);
      // Created readable by its owner only, then given the original's mode: never readable by others in between.
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))) {
        Files.setPosixFilePermissions(tmp, a.permissions());
        ch.write(java.nio.ByteBuffer.wrap(content));
        ch.force(true);
      }
      PosixFileAttributeView v = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      v.setOwner(a.owner());
      v.setGroup(a.group());
      Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * A panel's CLI, e.g. Plesk's {@code plesk bin ftpsubaccount --update {account} -passwd ""} with the
   * password in {@code PSA_PASSWORD}: each argv element is a template where {@code {account}} is
   * replaced; the password goes in the configured environment variable, or on standard input.
   */
  record Panel(List<String> template, String passwordEnv) implements FtpAccountStore {
    @Override
    public String id() {
      return "panel";
    }

    @Override
    public Text where() {
      return Text.of("the panel (%s)", "パネル (%s)", String.join(" ", template));
    }

    @Override
    public List<Text> refusals(ActionContext ctx, String account) {
      List<Text> out = new ArrayList<>(validName(account));
      if (!ctx.root().isLiveSystem()) {
        out.add(Text.of("%s is not the live system: run the panel's command on that server", "%s は稼働中のシステムではありません: そのサーバでパネルのコマンドを実行してください",
            ctx.root().label()));
      }
      return out;
    }

    List<String> argv(String account) {
      return template.stream().map(t -> t.replace("{account}", account)).toList();
    }

    @Override
    public Text change(ActionContext ctx, String account, String password) throws IOException {
      boolean env = passwordEnv != null && !passwordEnv.isBlank();
      SystemCommand.Result r = ctx.commands().run(argv(account), env ? null : (password + "\n").getBytes(StandardCharsets.UTF_8),
          env ? Map.of(passwordEnv, password) : Map.of());
      if (!r.ok()) {
        throw new IOException(template.get(0) + ": " + r.describe());
      }
      return Text.of("changed the password of %s through the panel (%s)", "パネルで %s のパスワードを変更 (%s)", account, template.get(0));
    }
  }

  /** No store on this root knows the account. */
  record Unknown() implements FtpAccountStore {
    @Override
    public String id() {
      return "unknown";
    }

    @Override
    public Text where() {
      return Text.of("no known account store", "既知のアカウント保存先なし");
    }

    @Override
    public List<Text> refusals(ActionContext ctx, String account) {
      return List.of(Text.of("no store on this root knows %s (not in /etc/passwd, accounts.pure-ftpd-passwd-file or accounts.proftpd-auth-user-files; "
          + "no accounts.panel-command): change it by hand", "%s を保持する保存先がありません (/etc/passwd、accounts.pure-ftpd-passwd-file、"
          + "accounts.proftpd-auth-user-files、accounts.panel-command のいずれにもなし): 手動で変更してください", account));
    }

    @Override
    public Text change(ActionContext ctx, String account, String password) throws IOException {
      throw new IOException("no store knows " + account);
    }
  }
}
