package dev.spamtrace.response.mailqueue;

import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How each MTA removes and re-injects messages its own way: {@code postsuper -d} for Postfix,
 * {@code exim -Mrm} for Exim; for qmail there is no tool that is safe while {@code qmail-send}
 * runs, so its files are removed consistently (as qmail-remove does) only while qmail-send is
 * stopped. Commands are argument lists; ids come from the queue's own validated file names.
 */
final class MtaTools {
  private MtaTools() {}

  /** Exim takes many ids per call; a bounded batch keeps argv short. */
  static final int BATCH = 200;

  /** A process of this root whose command name is {@code qmail-send}, or empty. */
  static Optional<Long> qmailSend(HostRoot root) {
    Path proc = root.procDirectory();
    if (!Files.isDirectory(proc)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          if (Files.readString(p.resolve("comm")).strip().equals("qmail-send")) {
            return Optional.of(Long.parseLong(n));
          }
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Why the live tools cannot be used on this root, or null when they can. */
  static Text offline(HostRoot root, Mta mta, String what) {
    if (root.isLiveSystem() || mta == Mta.QMAIL && !what.equals("reinject")) {
      return null;
    }
    String tool = switch (mta) {
      case POSTFIX -> what.equals("reinject") ? "sendmail -i -f SENDER -- RECIPIENT… < MESSAGE.eml" : "postsuper -d - (queue ids on standard input)";
      case EXIM -> what.equals("reinject") ? "exim -i -f SENDER -- RECIPIENT… < MESSAGE.eml" : "exim -Mrm ID…";
      case QMAIL -> "qmail-inject -fSENDER -a RECIPIENT… < MESSAGE.eml";
    };
    return Text.of("%s is not the live system: the MTA's own tools cannot act on it from here. On the server itself "
        + "(for a container: vzctl exec VEID …) run: %s", "%s は稼働中のシステムではないため、MTA のツールでは操作できません。"
        + "サーバ上で (コンテナなら vzctl exec VEID …) 次を実行してください: %s", root.label(), tool);
  }

  /**
   * {@code postsuper -d -} with the ids on standard input. Without a queue name postsuper looks in
   * hold, incoming, active and deferred only (postsuper(1)); maildrop/ files are named explicitly.
   */
  static SystemCommand.Result postsuperDelete(SystemCommand cmd, MailQueueSettings s, List<String> ids, String queue) throws IOException {
    List<String> argv = new ArrayList<>(s.postsuperCommand());
    argv.addAll(List.of("-d", "-"));
    if (queue != null) {
      argv.add(queue);
    }
    return cmd.run(argv, (String.join("\n", ids) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  static List<SystemCommand.Result> eximRemove(SystemCommand cmd, MailQueueSettings s, List<String> ids) throws IOException {
    List<SystemCommand.Result> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      List<String> argv = new ArrayList<>(s.eximCommand());
      argv.add("-Mrm");
      argv.addAll(ids.subList(i, Math.min(ids.size(), i + BATCH)));
      out.add(cmd.run(argv));
    }
    return out;
  }

  /** The argv that re-injects one message with its envelope. */
  static List<String> reinjectArgv(MailQueueSettings s, Mta mta, String sender, List<String> recipients) {
    List<String> argv = new ArrayList<>();
    // A sender the queue files did not give comes back as the null sender: never a made-up address.
    sender = sender == null ? "" : sender;
    switch (mta) {
      case POSTFIX -> {
        argv.addAll(s.sendmailCommand());
        argv.addAll(List.of("-i", "-f", sender.isEmpty() ? "<>" : sender, "--"));
      }
      case EXIM -> {
        argv.addAll(s.eximCommand());
        argv.addAll(List.of("-i", "-f", sender.isEmpty() ? "<>" : sender, "--"));
      }
      case QMAIL -> {
        argv.addAll(s.qmailInjectCommand());
        argv.addAll(List.of("-f" + sender, "-a", "--"));
      }
    }
    argv.addAll(recipients);
    return argv;
  }
}
