package dev.spamtrace.response.filescan;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns PHP off for an html-only document root (the staff's step 5), by the means the plan names:
 * <ul>
 *   <li>{@code plesk}: Plesk's own switch, {@code plesk bin site --update DOMAIN -php false} (live server only);
 *   <li>{@code htaccess}: a marked block appended to the docroot's {@code .htaccess} that refuses every
 *       PHP file (Apache 2.4 {@code Require all denied}, 2.2 {@code Deny from all}, and
 *       {@code php_flag engine off} where mod_php runs), which works whatever runs PHP;
 *   <li>{@code nginx-snippet}: a snippet file denying PHP locations, for the operator to include
 *       in the site's server block and reload nginx (spamtrace never edits nginx's own files).
 * </ul>
 * Undo takes out exactly what was added (the original .htaccess is kept in the case folder).
 */
public final class DisablePhp implements Action {
  public static final String TYPE = "disable-php";
  static final String BEGIN = "# BEGIN spamtrace php-off";
  static final String END = "# END spamtrace php-off";

  /** How PHP is turned off. */
  public enum Method { PLESK, HTACCESS, NGINX_SNIPPET }

  private final String docroot;
  private final String domain;
  private final Method method;
  private final List<String> findings;

  public DisablePhp(String docroot, String domain, Method method, List<String> findings) {
    this.docroot = docroot;
    this.domain = domain;
    this.method = method;
    this.findings = List.copyOf(findings);
  }

  public Method method() {
    return method;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return docroot;
  }

  @Override
  public Text description() {
    return switch (method) {
      case PLESK -> Text.of("turn PHP off for %s with Plesk's own switch (plesk bin site --update %s -php false)",
          "Plesk の設定で %s の PHP を無効化 (plesk bin site --update %s -php false)", domain, domain);
      case HTACCESS -> Text.of("turn PHP off for %s: refuse every PHP file in %s/.htaccess (a marked block; the original is kept)",
          "%s の PHP を無効化: %s/.htaccess で PHP ファイルへのアクセスを拒否 (目印付きのブロック、元のファイルは保存)", domain, docroot);
      case NGINX_SNIPPET -> Text.of("write %s denying PHP for %s; include it in the site's server block and reload nginx (manual step)",
          "%s に %s の PHP を拒否する設定を書きます。サイトの server ブロックから include し nginx を reload してください (手作業)",
          snippetPath(), domain);
    };
  }

  @Override
  public boolean undoable() {
    return true;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  String htaccessPath() {
    return docroot + "/.htaccess";
  }

  String snippetPath() {
    return "/etc/nginx/snippets/spamtrace-php-off-" + domain.replaceAll("[^A-Za-z0-9.-]", "_") + ".conf";
  }

  static String block(String caseId) {
    return BEGIN + " (case " + caseId + "; spamtrace undo removes it)\n"
        + "<FilesMatch \"(?i)\\.(php[0-9]?|phtml|pht|phar)$\">\n"
        + "  <IfModule mod_authz_core.c>\n    Require all denied\n  </IfModule>\n"
        + "  <IfModule !mod_authz_core.c>\n    Order allow,deny\n    Deny from all\n  </IfModule>\n"
        + "</FilesMatch>\n"
        + "<IfModule mod_php.c>\n  php_flag engine off\n</IfModule>\n"
        + "<IfModule mod_php7.c>\n  php_flag engine off\n</IfModule>\n"
        + END + "\n";
  }

  static String nginxSnippet(String domain) {
    return "# spamtrace: PHP off for " + domain + " (include this in its server block, then reload nginx)\n"
        + "location ~* \\.(php[0-9]?|phtml|pht|phar)$ {\n  deny all;\n}\n";
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> out = new ArrayList<>();
    switch (method) {
      case PLESK -> {
        if (!ctx.root().isLiveSystem()) {
          out.add(Text.of("Plesk's switch only works on the live server, not on root %s", "Plesk の設定変更はこのサーバ上でのみ可能です (ルート %s)",
              ctx.root().label()));
        }
        if (!domain.matches("[A-Za-z0-9.-]{1,253}")) {
          out.add(Text.of("%s is not a domain name", "%s はドメイン名ではありません", domain));
        }
      }
      case HTACCESS -> {
        out.addAll(Places.list(Places.refusal(ctx, htaccessPath())));
        if (out.isEmpty()) {
          Path d = ctx.root().resolveNoFollow(docroot);
          if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            out.add(Text.of("%s is not a folder", "%s はフォルダではありません", docroot));
          }
          Path h = ctx.root().resolveNoFollow(htaccessPath());
          if (Files.exists(h, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(h, LinkOption.NOFOLLOW_LINKS)) {
            out.add(Text.of("%s is not a regular file", "%s は通常のファイルではありません", htaccessPath()));
          }
        }
      }
      case NGINX_SNIPPET -> {
        Path s = ctx.root().resolveNoFollow(snippetPath());
        if (Files.exists(s, LinkOption.NOFOLLOW_LINKS)) {
          out.add(Text.of("%s exists already", "%s は既に存在します", snippetPath()));
        }
        if (!Files.isDirectory(ctx.root().resolveNoFollow("/etc/nginx"), LinkOption.NOFOLLOW_LINKS)) {
          out.add(Text.of("no /etc/nginx under root %s", "ルート %s に /etc/nginx がありません", ctx.root().label()));
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("method", method.name());
    p.put("docroot", docroot);
    p.put("domain", domain);
    if (method == Method.HTACCESS) {
      Path h = ctx.root().resolveNoFollow(htaccessPath());
      boolean existed = Files.exists(h, LinkOption.NOFOLLOW_LINKS);
      p.put("file", htaccessPath());
      p.put("existed", String.valueOf(existed));
      if (existed) {
        p.put("sha256", SafeFiles.sha256(h));
        Path backup = ctx.caseFolder().sub("evidence").resolve("htaccess-" + domain.replaceAll("[^A-Za-z0-9.-]", "_") + "-"
            + ctx.clock().millis());
        p.put("backup", backup.toString());
      }
      p.put("block", block(ctx.caseFolder().id()));
    } else if (method == Method.NGINX_SNIPPET) {
      p.put("file", snippetPath());
    }
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    switch (method) {
      case PLESK -> {
        SystemCommand.Result r = ctx.commands().run(List.of("plesk", "bin", "site", "--update", domain, "-php", "false"));
        return r.ok() ? ActionResult.done(Text.of("PHP turned off for %s in Plesk", "Plesk で %s の PHP を無効にしました", domain), Map.of())
            : ActionResult.failed(Text.of("plesk bin site failed: %s", "plesk bin site が失敗しました: %s", r.describe()));
      }
      case NGINX_SNIPPET -> {
        Path s = ctx.root().resolveNoFollow(snippetPath());
        Files.createDirectories(s.getParent());
        writeAtomically(s, nginxSnippet(domain).getBytes(StandardCharsets.UTF_8), null);
        return ActionResult.done(Text.of("wrote %s; include it in %s's server block and reload nginx",
            "%s を書きました。%s の server ブロックから include し nginx を reload してください", snippetPath(), domain), Map.of("file", snippetPath()));
      }
      default -> {
        Path h = ctx.root().resolveNoFollow(htaccessPath());
        String block = (String) prepared.get("block");
        byte[] before = new byte[0];
        FileState state = null;
        if (Boolean.parseBoolean((String) prepared.get("existed"))) {
          if (!SafeFiles.sha256(h).equals(prepared.get("sha256"))) {
            return ActionResult.failed(Text.of("%s changed since the plan was made", "%s は計画作成後に変更されています", htaccessPath()));
          }
          before = Files.readAllBytes(h);
          state = FileState.of(h);
          Path backup = Path.of((String) prepared.get("backup"));
          Files.write(backup, before);
          SafeFiles.fsync(backup);
        } else {
          FileState dir = FileState.of(ctx.root().resolveNoFollow(docroot));
          state = new FileState(dir.uid(), dir.gid(), dir.owner(), dir.group(), 0644, 0, ctx.clock().instant(), ctx.clock().instant());
        }
        String text = new String(before, StandardCharsets.ISO_8859_1);
        String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        byte[] after = (text + sep + block).getBytes(StandardCharsets.ISO_8859_1);
        writeAtomically(h, after, state);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", htaccessPath());
        d.put("sha256-after", SafeFiles.sha256(h));
        return ActionResult.done(Text.of("PHP refused in %s (block added to %s)", "%s の PHP を拒否しました (%s にブロックを追加)", docroot, htaccessPath()), d);
      }
    }
  }

  /** Writes beside the file, syncs, then renames over it: a crash leaves the old or the new file, never half. */
  static void writeAtomically(Path file, byte[] content, FileState state) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".spamtrace-tmp");
    Files.deleteIfExists(tmp);
    Files.write(tmp, content);
    if (state != null) {
      Files.setAttribute(tmp, "unix:uid", state.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(tmp, "unix:gid", state.gid(), LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(tmp, FileState.permissions(state.mode()));
    }
    SafeFiles.fsync(tmp);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SafeFiles.fsync(file.getParent());
  }
}
