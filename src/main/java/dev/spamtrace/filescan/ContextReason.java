package dev.spamtrace.filescan;

import dev.spamtrace.incident.Text;

/**
 * Why a file's place, name, owner or timing is a reason of its own (field guide rows 8–10). Each
 * becomes one reason in the finding.
 *
 * @param strong whether it is enough, with suspicious code, to call a file malicious
 */
public record ContextReason(String id, Text text, boolean strong) {
  static ContextReason staticFolder(String folder) {
    return new ContextReason("php-in-static-folder",
        Text.of("PHP in the %s/ folder, where a site keeps images, styles, uploads or caches, not code",
            "画像・CSS・アップロード・キャッシュ用のフォルダ %s/ に PHP があります", folder), true);
  }

  static ContextReason configLookalike(String name, boolean included) {
    return new ContextReason("config-lookalike",
        included ? Text.of("its name %s imitates a configuration file", "ファイル名 %s は設定ファイルを装っています", name)
            : Text.of("its name %s imitates a configuration file, and no other file of the site includes it",
                "ファイル名 %s は設定ファイルを装っており、サイト内のどのファイルからも読み込まれていません", name),
        !included);
  }

  static ContextReason hidden(String name) {
    return new ContextReason("hidden-php",
        Text.of("a hidden PHP file (%s)", "隠しファイルの PHP です (%s)", name), true);
  }

  static ContextReason webUserOwned(String user, String siteOwner) {
    return new ContextReason("owned-by-web-user",
        Text.of("owned by the web server's user %s inside a site owned by %s: written through the web, not uploaded by the customer",
            "顧客 %2$s のサイト内にあり、Web サーバのユーザ %1$s が所有しています (FTP ではなく Web 経由で書き込まれたもの)", user, siteOwner), true);
  }

  static ContextReason oddDataBeside(String names) {
    return new ContextReason("odd-data-beside",
        Text.of("empty or odd data files dropped beside it: %s", "同じフォルダに空または不審なデータファイルがあります: %s", names), false);
  }

  static ContextReason htmlOnlySite() {
    return new ContextReason("php-in-html-only-site",
        Text.of("PHP in a site whose own content is html only", "HTML のみのサイトにある PHP です"), true);
  }

  static ContextReason incidentWindow(String file, long minutes, int cluster) {
    return new ContextReason("changed-in-incident-window",
        Text.of("changed within %d minutes of %s (%d files changed in that window)",
            "%2$s の前後 %1$d 分以内に変更されています (その間に %3$d 個のファイルが変更)", minutes, file, cluster), false);
  }

  static ContextReason symlinkOut(String target) {
    return new ContextReason("symlink-out-of-site",
        Text.of("a symlink pointing outside the site, to %s (the way shells read other customers' files)",
            "サイト外の %s を指すシンボリックリンクです (他の顧客のファイルを読む手口)", target), true);
  }
}
