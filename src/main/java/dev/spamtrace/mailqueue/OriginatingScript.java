package dev.spamtrace.mailqueue;

/**
 * PHP's {@code X-PHP-Originating-Script: UID:SCRIPT} header ({@code mail.add_x_header = On}).
 * Mind what it says: {@code uid} is the owner of the script FILE (often the FTP account that
 * uploaded it), not the uid of the process that sent the mail, which shows in the MTA's
 * {@code Received:} header and pickup record instead. Both are evidence, of different things.
 *
 * @param ownerUid the script file's owner uid, or null when the header had none
 * @param script the script's file name as PHP wrote it (the base name unless PHP was built otherwise)
 */
public record OriginatingScript(Integer ownerUid, String script) {
  /** Parses the header's value; null when it is not of the form {@code UID:NAME}. */
  public static OriginatingScript parse(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    int colon = v.indexOf(':');
    if (colon <= 0) {
      return v.isEmpty() ? null : new OriginatingScript(null, v);
    }
    String uid = v.substring(0, colon);
    for (int i = 0; i < uid.length(); i++) {
      if (!Character.isDigit(uid.charAt(i))) {
        return new OriginatingScript(null, v);
      }
    }
    try {
      return new OriginatingScript(Integer.valueOf(uid), v.substring(colon + 1));
    } catch (NumberFormatException e) {
      return new OriginatingScript(null, v);
    }
  }

  // By hand: a record's generated equals and hashCode go through method handles, which the
  // quick compiler the launcher runs with does not inline; these run once per queued message.
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof OriginatingScript x && java.util.Objects.equals(ownerUid, x.ownerUid)
        && java.util.Objects.equals(script, x.script);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hashCode(ownerUid) + java.util.Objects.hashCode(script);
  }

  /** {@code 1001:css.php}, as the header reads. */
  @Override
  public String toString() {
    return ownerUid == null ? script : ownerUid + ":" + script;
  }
}
