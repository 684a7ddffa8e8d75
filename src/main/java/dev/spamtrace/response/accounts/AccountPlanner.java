package dev.spamtrace.response.accounts;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.Planner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For every {@code ftp-account-compromise}: change the account's password, then tell the customer
 * (staff's step 1). Both steps are always in the plan, so the operator sees them; each is taken
 * only when its switch is on ({@code accounts.rotate-ftp-passwords}, {@code accounts.notify.enabled})
 * and {@code --apply} is given. The notice is planned when an address is known for the account.
 */
public final class AccountPlanner implements Planner {
  @Override
  public int order() {
    return Order.ACCOUNTS;
  }

  @Override
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    AccountSettings s = config.section(AccountSettings.SECTION, AccountSettings.class);
    Map<String, List<Finding>> byAccount = new LinkedHashMap<>();
    for (Finding f : findings) {
      if (f.kind() == FindingKind.FTP_ACCOUNT_COMPROMISE && f.subject().startsWith("ftp:")) {
        byAccount.computeIfAbsent(f.subject().substring(4), k -> new ArrayList<>()).add(f);
      }
    }
    String server = serverName(root, config);
    List<Action> out = new ArrayList<>();
    for (Map.Entry<String, List<Finding>> e : byAccount.entrySet()) {
      String account = e.getKey();
      List<String> ids = e.getValue().stream().map(Finding::id).toList();
      RotateFtpPassword rotate = new RotateFtpPassword(account, FtpAccountStore.find(root, s, account), s.rotateFtpPasswords(), s.passwordLength(), ids);
      out.add(rotate);
      String to = recipient(s.notice(), account);
      if (to != null) {
        String from = s.notice().from() == null || s.notice().from().isBlank() ? "root@" + server : s.notice().from();
        CustomerNotice notice = CustomerNotice.compose(s.notice(), from, to, account, server, happened(e.getValue()), done(e.getValue(), account));
        out.add(new NotifyCustomer(notice, s.notice(), rotate, ids));
      }
    }
    return out;
  }

  static String recipient(AccountSettings.Notify n, String account) {
    String to = n.recipients().get(account);
    if (to == null && n.recipientTemplate() != null && !n.recipientTemplate().isBlank() && FtpAccountStore.ACCOUNT.matcher(account).matches()) {
      to = n.recipientTemplate().replace("{account}", account);
    }
    return to;
  }

  /** What happened, from the findings' own reasons (both languages). */
  static Text happened(List<Finding> fs) {
    StringBuilder en = new StringBuilder();
    StringBuilder ja = new StringBuilder();
    for (Finding f : fs) {
      en.append("- ").append(f.summary().en()).append('\n');
      ja.append("- ").append(f.summary().ja()).append('\n');
      for (Text r : f.reasons()) {
        en.append("  - ").append(r.en()).append('\n');
        ja.append("  - ").append(r.ja()).append('\n');
      }
    }
    return new Text(en.toString().stripTrailing(), ja.toString().stripTrailing());
  }

  /** What was done: the files examined and moved aside, and the password. */
  static Text done(List<Finding> fs, String account) {
    List<String> files = new ArrayList<>();
    for (Finding f : fs) {
      if (f.evidence().get("uploaded-scripts") instanceof List<?> l) {
        l.forEach(p -> {
          if (!files.contains(String.valueOf(p))) {
            files.add(String.valueOf(p));
          }
        });
      }
    }
    StringBuilder en = new StringBuilder();
    StringBuilder ja = new StringBuilder();
    if (!files.isEmpty()) {
      en.append("- the files uploaded from that address were examined and the harmful ones moved to quarantine:\n");
      ja.append("- そのアドレスからアップロードされたファイルを調査し、有害なものを隔離しました:\n");
      files.forEach(p -> {
        en.append("  ").append(p).append('\n');
        ja.append("  ").append(p).append('\n');
      });
    }
    en.append("- the FTP password of ").append(account).append(" was changed");
    ja.append("- FTP アカウント ").append(account).append(" のパスワードを変更しました");
    return new Text(en.toString(), ja.toString());
  }

  static String serverName(HostRoot root, Config config) {
    String name = config.server().name();
    if (name != null && !name.isBlank()) {
      return name;
    }
    if (root.read("/etc/hostname", 256) instanceof FileRead.Content c && !c.text().isBlank()) {
      return c.text().strip().split("\n")[0];
    }
    return "localhost";
  }
}
