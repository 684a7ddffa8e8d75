package dev.spamtrace.response.accounts;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.ShownOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes the password of a compromised FTP account to a strong random one (the staff's first
 * step). The new password is handed to the operator once ({@link ShownOnce}) and is written
 * nowhere: not in the journal (which holds the account, the store and the outcome), the logs, the
 * report or the case folder. It cannot be undone: the old password is not known and, leaked, must
 * not come back.
 */
public final class RotateFtpPassword implements Action {
  public static final String TYPE = "rotate-ftp-password";

  private final String account;
  private final FtpAccountStore store;
  private final boolean enabled;
  private final int length;
  private final List<String> findings;
  private volatile boolean changed;

  RotateFtpPassword(String account, FtpAccountStore store, boolean enabled, int length, List<String> findings) {
    this.account = account;
    this.store = store;
    this.enabled = enabled;
    this.length = length;
    this.findings = List.copyOf(findings);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return "ftp:" + account;
  }

  public String account() {
    return account;
  }

  @Override
  public Text description() {
    Text off = enabled ? Text.same("") : Text.of(" [off: accounts.rotate-ftp-passwords is false; --apply refuses it until it is turned on]",
        " [無効: accounts.rotate-ftp-passwords が false のため --apply でも実行しません]");
    return new Text(String.format("change the FTP password of %s (%s) to a new random one, shown once to you and stored nowhere; "
        + "the old password cannot be restored%s", account, store.where().en(), off.en()),
        String.format("%s (%s) の FTP パスワードを新しいランダムなものに変更 (一度だけ表示し、どこにも保存しません。旧パスワードには戻せません)%s",
            account, store.where().ja(), off.ja()));
  }

  @Override
  public boolean undoable() {
    return false;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  /** Whether this run changed the password (the customer's notice says so only then). */
  boolean changed() {
    return changed;
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> out = new ArrayList<>();
    if (!enabled) {
      out.add(Text.of("password rotation is off (accounts.rotate-ftp-passwords: false); turn it on to change %s's password",
          "パスワード変更は無効です (accounts.rotate-ftp-passwords: false)。%s のパスワードを変更するには有効にしてください", account));
      return out;
    }
    out.addAll(store.refusals(ctx, account));
    return out;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("account", account);
    p.put("store", store.id());
    p.put("where", store.where().en());
    p.put("password-length", Math.max(16, length));
    return p; // the password is made in apply, so it is never in the journal's intent
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws Exception {
    String password = NewPassword.generate(length);
    Text done = store.change(ctx, account, password);
    changed = true;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("account", account);
    details.put("store", store.id());
    details.put("undo", "not possible: the old password is not kept and must not come back");
    return ActionResult.done(done, details)
        .showingOnce(new ShownOnce(Text.of("the new FTP password of %s", "%s の新しい FTP パスワード", account), password));
  }
}
