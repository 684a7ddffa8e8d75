package dev.spamtrace.filescan.php;

import dev.spamtrace.filescan.php.PhpLexer.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites PHP the way a reader who runs nothing but constants would see it: comments and
 * whitespace gone, constant string expressions folded ({@code 'as'.'sert'}, {@code chr(101).chr(118)},
 * {@code "\x65\x76\x61\x6c"}, {@code str_rot13('flfgrz')}), variables holding a constant name
 * replaced where they are called ({@code $f='system'; $f($x)} reads {@code system($x)}), and
 * variables fed by request input renamed {@code $_TAINT} wherever they are read, so a rule sees the
 * data flow from {@code $_POST} to {@code eval}/{@code system}/{@code mail} in one place.
 *
 * <p>Decoded payloads ({@code gzinflate(base64_decode('…'))}) are returned on the side for the
 * caller to fold and scan in turn; in the folded text they keep their call chain with the
 * literal shown as {@code '§'}.
 *
 * <p>Scope is the file, not the function: a variable tainted in one function stays tainted in the
 * next. That over-approximates data flow; rules that use {@code $_TAINT} are checked against real
 * CMS trees for false positives.
 */
public final class Folder {
  /** What folding one text gave. */
  public record Folded(String text, List<Payload> payloads, List<String> notes) {}

  /** A string decoded from constants: where it came from and what it is. */
  public record Payload(String chain, String value) {}

  /** Values at least this long that came out of a decoder are payloads to scan. */
  static final int PAYLOAD_MIN = 24;
  /** How long a folded constant may be to be written inline. */
  static final int INLINE_MAX = 160;

  private static final Pattern CODE_LIKE = Pattern.compile("[;($]");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_\\x80-\\xff][A-Za-z0-9_\\x80-\\xff]{0,63}");
  private static final String[] INPUT_MARKERS = {
    "$_POST", "$_GET", "$_REQUEST", "$_COOKIE", "$_FILES", "$_TAINT", "php://input", "$_SERVER['HTTP_", "getallheaders(",
    "$HTTP_POST_VARS", "$HTTP_GET_VARS", "$HTTP_RAW_POST_DATA"
  };

  private final Tokens t;
  private final byte[] src;
  private final int maxOut;
  private final Latin1Text out;
  // Concrete types, not interfaces: the quick compiler binds these calls directly (asked at most tokens).
  private final HashMap<String, String> consts = new HashMap<>();
  private final HashSet<String> tainted = new HashSet<>();
  private final List<Payload> payloads = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int decodedBytes;
  private int codeDepth = Integer.MAX_VALUE;
  private boolean extracted;
  private int depthNow;
  private final HashSet<String> assigned = new HashSet<>();

  private Folder(Tokens tokens, int sizeHint, int maxOut) {
    this.t = tokens;
    this.src = tokens.source();
    this.maxOut = maxOut;
    this.out = new Latin1Text(sizeHint);
  }

  /**
   * Folds PHP source.
   *
   * @param src the text, one char per byte
   * @param maxDecoded the most bytes any decoding may produce, in total, for this text
   */
  public static Folded fold(String src, int maxDecoded) {
    byte[] b = src.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return fold(b, b.length, maxDecoded);
  }

  /** Folds the first {@code length} bytes of PHP source. */
  public static Folded fold(byte[] src, int length, int maxDecoded) {
    Folder f = new Folder(PhpLexer.lex(src, length), length, maxDecoded);
    f.run();
    return new Folded(f.out.toString(), List.copyOf(f.payloads), List.copyOf(f.notes));
  }

  /** Folds a decoded payload: code that {@code eval} would run, so it starts in PHP mode. */
  public static Folded foldPayload(String payload, int maxDecoded) {
    return fold("<?php " + payload, maxDecoded);
  }

  private boolean opAt(int i, String op) {
    return t.isOp(i, op);
  }

  // Data-flow state of the walk. A frame is pushed for every "(" (the called function's name, or
  // "" for grouping), "[" and "{"; input is counted only when every frame between the
  // assignment (or foreach) and the input is a grouping or a PASSTHROUGH function.
  private final Frames frames = new Frames();
  private String assigning;
  private boolean appending;
  private int assignBase = -1;
  private boolean assignInput;
  private int foreachBase = -1;
  private boolean foreachInput;
  private boolean foreachAs;
  private String pendingCall;
  private boolean pendingFunction;
  /** Saved taint of the code around each function body being walked (PHP functions have their own scope). */
  private final List<Object[]> scopes = new ArrayList<>();

  private boolean statementStart = true;
  private List<String> multiAssign;
  /** Variables holding a constant array of strings. */
  private final HashMap<String, List<String>> arrays = new HashMap<>();

  private void run() {
    int i = 0;
    int n = t.size();
    // One small method per token: C2 compiles small methods quickly, a huge loop body slowly.
    while (i < n) {
      i = step(i);
    }
    endAssignment();
  }

  /** Writes the token at {@code i} (and any it folds with); returns the next token's index. */
  private int step(int i) {
    Kind kind = t.kind(i);
    depthNow = frames.size();
    if (statementStart && opAt(i, "@")) {
      emitRaw("@");
      i++;
      return i;
    }
    // list($a, $b) = ...: every variable of the list takes the right-hand side's taint.
    if (statementStart && kind == Kind.IDENT && keyword(t.text(i), "list") && opAt(i + 1, "(")) {
      int k = i + 2;
      int d = 1;
      List<String> names = new ArrayList<>();
      while (k < t.size() && d > 0) {
        if (opAt(k, "(")) {
          d++;
        } else if (opAt(k, ")")) {
          d--;
        } else if (t.kind(k) == Kind.VAR) {
          names.add(t.text(k));
        }
        k++;
      }
      if (opAt(k, "=") && !names.isEmpty()) {
        emitWord("list");
        emitRaw("(" + String.join(",", names) + ")=");
        endAssignment();
        assigning = names.get(0);
        multiAssign = names;
        appending = false;
        assignBase = frames.size();
        assignInput = false;
        statementStart = false;
        return k + 1;
      }
    }
    // An assignment to a plain variable (or $GLOBALS['name']) at the start of a statement.
    if (statementStart && kind == Kind.VAR) {
      VarRef v = varAt(i);
      if (v != null && (opAt(v.end, "=") || opAt(v.end, ".="))) {
        boolean append = opAt(v.end, ".=");
        assigned.add(v.name);
        Const c = constExpr(v.end + 1);
        if (c != null && (opAt(c.end, ";") || t.kind(c.end) == null || t.kind(c.end) == Kind.CLOSE)) {
          String value = append ? consts.containsKey(v.name) ? consts.get(v.name) + c.value : null : c.value;
          if (value != null) {
            consts.put(v.name, value);
          } else {
            consts.remove(v.name);
          }
          if (!append) {
            tainted.remove(v.name);
          }
          emitVar(v, i);
          emitRaw(append ? ".=" : "=");
          emitConst(c);
          i = c.end;
          statementStart = false;
          return i;
        }
        consts.remove(v.name);
        if (!append) {
          Const arr = constArray(v.end + 1);
          if (arr != null && opAt(arr.end, ";")) {
            // array('sys'.'tem', 'base64_decode'): names called later as $a[0](...).
            arrays.put(v.name, List.of(arr.value.split("\u0000", -1)));
          } else {
            arrays.remove(v.name);
          }
        }
        emitVar(v, i);
        emitRaw(append ? ".=" : "=");
        endAssignment();
        assigning = v.name;
        appending = append;
        assignBase = frames.size();
        assignInput = false;
        i = v.end + 1;
        statementStart = false;
        return i;
      }
    }
    statementStart = false;
    switch (kind) {
      case HTML -> {
        emitSource(i);
        statementStart = true;
      }
      case OPEN -> {
        emitRaw("<?php ");
        statementStart = true;
      }
      case CLOSE -> {
        endAssignment();
        emitRaw("?>");
        statementStart = true;
      }
      case VAR -> {
        return onVar(i);
      }
      case IDENT -> {
        return onIdent(i);
      }
      case SQ, DQ -> {
        return onString(i);
      }
      case BACKTICK -> {
        // The backtick operator is shell_exec() (PHP manual, "Execution Operators").
        String raw = taintInterpolated(t.text(i));
        emitWord("shell_exec");
        emitRaw("(\"" + raw + "\")");
        if (carriesInput(raw)) {
          inputSeen();
        }
      }
      case NUMBER -> emitWordAt(i);
      case OP -> {
        return onOp(i);
      }
    }
    return i + 1;
  }
  private int onVar(int i) {
    VarRef av = varAt(i);
    if (av != null && arrays.containsKey(av.name) && opAt(av.end, "[") && opAt(av.end + 2, "]")
        && opAt(av.end + 3, "(") && t.kind(av.end + 1) == Kind.NUMBER) {
      List<String> elems = arrays.get(av.name);
      try {
        int idx = Integer.parseInt(t.text(av.end + 1));
        if (idx >= 0 && idx < elems.size() && NAME.matcher(elems.get(idx)).matches()) {
          notes.add("array function " + av.name + "[" + idx + "] = " + elems.get(idx));
          enterCall(elems.get(idx));
          pendingCall = elems.get(idx);
          emitWord(elems.get(idx));
          return av.end + 3;
        }
      } catch (NumberFormatException e) {
        // not a plain index
      }
    }
    VarRef v = av;
    String name = v == null ? t.text(i) : v.name;
    int end = v == null ? i + 1 : v.end;
    boolean input = false;
    if (opAt(end, "(") && consts.containsKey(name) && NAME.matcher(consts.get(name)).matches()) {
      notes.add("variable function " + name + " = " + consts.get(name));
      if (Decoders.known(consts.get(name))) {
        Const c = constExpr(i);
        if (c != null) {
          emitConst(c);
          i = c.end;
          return i;
        }
      }
      enterCall(consts.get(name));
      pendingCall = consts.get(name);
      emitWord(consts.get(name));
    } else if (tainted.contains(name) || extracted && !assigned.contains(name) && !name.startsWith("$_")
        && !name.equals("$this") && !name.equals("$GLOBALS") && !opAt(end, "=")) {
      emitWord("$_TAINT");
      input = true;
    } else if (consts.containsKey(name) && consts.get(name).length() <= INLINE_MAX && readPosition(end)) {
      emitLiteral(consts.get(name));
    } else {
      emitVar(v, i);
      input = isInputVar(name, end);
    }
    if (opAt(end, "(") && !consts.containsKey(name)) {
      pendingCall = "$";
    }
    if (input) {
      inputSeen();
    }
    if (foreachAs && foreachInput) {
      tainted.add(name);
    }
    return end;
  }

  private int onIdent(int i) {
    String id = t.text(i);
    if (keyword(id, "function") || keyword(id, "fn")) {
      pendingFunction = true;
    }
    if (keyword(id, "foreach") && opAt(i + 1, "(")) {
      foreachBase = frames.size() + 1;
      foreachInput = false;
      foreachAs = false;
    } else if (keyword(id, "as") && foreachBase >= 0 && frames.size() == foreachBase) {
      foreachAs = true;
    }
    // A call whose arguments fold to a constant: a decoder chain, chr(), str_replace()...
    if (opAt(i + 1, "(") && Decoders.known(id)) {
      Const c = constExpr(i);
      if (c != null) {
        emitConst(c);
        i = c.end;
        return i;
      }
    }
    if (opAt(i + 1, "(")) {
      enterCall(id);
      pendingCall = id;
      if (keyword(id, "extract") || keyword(id, "import_request_variables")) {
        Kind a = t.kind(i + 2);
        if (a == Kind.VAR && isInputVar(t.text(i + 2), i + 3) || a == Kind.SQ && keyword(id, "import_request_variables")) {
          extracted = true;
          notes.add("request variables extracted into the scope");
        }
      }
      if (keyword(id, "getallheaders") || keyword(id, "apache_request_headers")) {
        inputSeen();
      }
    }
    emitWordAt(i);
    return i + 1;
  }

  /**
   * Whether the name {@code id} is the keyword or function {@code word} (lower case), in any case.
   * The length is compared first: asked for every identifier, it is mostly no.
   */
  private static boolean keyword(String id, String word) {
    return id.length() == word.length() && id.equalsIgnoreCase(word);
  }

  private int onString(int i) {
    if (t.constant(i) && !opAt(i + 1, ".") && codeDepth == Integer.MAX_VALUE) {
      // A lone literal, the common case: nothing to fold, and its bytes are copied as they are.
      if (t.textEquals(i, "php://input")) {
        inputSeen();
      }
      out.append('\'');
      emitSource(i);
      out.append('\'');
    } else if (t.constant(i)) {
      Const c = constExpr(i);
      if (c != null && c.end > i + 1) {
        emitConst(c);
        i = c.end;
        return i;
      }
      if (t.textEquals(i, "php://input")) {
        inputSeen();
      }
      emitLiteral(t.text(i));
    } else {
      String raw = taintInterpolated(t.text(i));
      if (carriesInput(raw)) {
        inputSeen();
      }
      emitRaw("\"" + raw + "\"");
    }
    return i + 1;
  }

  private int onOp(int i) {
    String op = t.text(i);
    // One-character operators by their char: the folder reaches here at every operator.
    char one = op.length() == 1 ? op.charAt(0) : 0;
    if (one == '$' && opAt(i + 1, "{")) {
      Const c = constExpr(i + 2);
      if (c != null && opAt(c.end, "}") && NAME.matcher(c.value).matches()) {
        String name = "$" + c.value;
        boolean input = tainted.contains(name) || isInputVar(name, c.end + 1);
        emitWord(tainted.contains(name) ? "$_TAINT" : name);
        if (input) {
          inputSeen();
        }
        i = c.end + 1;
        return i;
      }
    }
    if (one != 0) {
      out.append(one);
    } else {
      out.appendLatin1(op);
    }
    switch (one) {
      case '(' -> {
        frames.add(pendingCall == null ? GROUP : PASSTHROUGH.contains(pendingCall) ? PASSING : CALL);
        pendingCall = null;
      }
      case '[' -> frames.add(INDEX);
      case '{' -> {
        frames.add(BLOCK);
        if (pendingFunction) {
          pendingFunction = false;
          scopes.add(new Object[] {frames.size(), new HashSet<>(tainted), extracted, new HashSet<>(assigned)});
          tainted.clear();
          extracted = false;
        }
      }
      case ')', ']', '}' -> {
        frames.pop();
        if (one == '}' && !scopes.isEmpty() && frames.size() < (Integer) scopes.get(scopes.size() - 1)[0]) {
          endAssignment();
          restoreScope();
        }
        if (one == ')' && foreachBase >= 0 && frames.size() < foreachBase) {
          foreachBase = -1;
          foreachAs = false;
        }
        if (frames.size() < codeDepth) {
          codeDepth = Integer.MAX_VALUE;
        }
      }
      case ';' -> pendingFunction = false;
      default -> { }
    }
    pendingCall = null;
    if (one == ';' || one == '{' || one == '}') {
      if (assigning != null && frames.size() <= assignBase) {
        endAssignment();
      }
      statementStart = true;
    }
    return i + 1;
  }


  @SuppressWarnings("unchecked")
  private void restoreScope() {
    Object[] sc = scopes.remove(scopes.size() - 1);
    tainted.clear();
    tainted.addAll((Set<String>) sc[1]);
    extracted = (Boolean) sc[2];
  }

  /** A variable read as a value (not assigned, indexed, incremented or called). */
  private boolean readPosition(int next) {
    if (t.kind(next) != Kind.OP) {
      return true;
    }
    return switch (t.text(next)) {
      case "=", ".=", "+=", "-=", "[", "->", "::", "++", "--", "(", "?->", "&" -> false;
      default -> true;
    };
  }

  private boolean isInputVar(String name, int next) {
    switch (name) {
      case "$_POST", "$_GET", "$_REQUEST", "$_COOKIE", "$_FILES", "$HTTP_POST_VARS", "$HTTP_GET_VARS", "$HTTP_RAW_POST_DATA",
          "$HTTP_COOKIE_VARS", "$HTTP_POST_FILES" -> {
        return true;
      }
      case "$_SERVER" -> {
        Kind k = t.kind(next + 1);
        return opAt(next, "[") && (k == Kind.SQ || k == Kind.DQ) && t.text(next + 1).startsWith("HTTP_");
      }
      default -> {
        return false;
      }
    }
  }

  /** Request input was just written: does it flow into the value being assigned or iterated? */
  private void inputSeen() {
    if (assigning != null && flowsFrom(assignBase)) {
      assignInput = true;
    }
    if (foreachBase >= 0 && !foreachAs && flowsFrom(foreachBase)) {
      foreachInput = true;
    }
  }

  private boolean flowsFrom(int base) {
    for (int k = Math.max(0, base); k < frames.size(); k++) {
      int f = frames.get(k);
      if (f == INDEX || f == CALL) {
        return false;
      }
    }
    return true;
  }

  private void endAssignment() {
    if (assigning == null) {
      return;
    }
    for (String name : multiAssign == null ? List.of(assigning) : multiAssign) {
      if (assignInput) {
        tainted.add(name);
      } else if (!appending) {
        tainted.remove(name);
      }
    }
    multiAssign = null;
    assigning = null;
    assignInput = false;
  }

  /**
   * Functions whose result still carries their argument's content (decoders, trimming, splitting,
   * reading a named file): request input through them is still request input. Any other call (a
   * lookup like get_user_by(), a sanitizer like intval(), isset()) ends the data flow.
   */
  private static final NameSet PASSTHROUGH = new NameSet(Set.of(
      "trim", "ltrim", "rtrim", "stripslashes", "stripcslashes", "addslashes", "base64_decode", "base64_encode", "str_rot13",
      "strrev", "gzinflate", "gzuncompress", "gzdecode", "urldecode", "rawurldecode", "hex2bin", "json_decode", "unserialize",
      "explode", "preg_split", "split", "str_replace", "str_ireplace", "preg_replace", "substr", "strtolower", "strtoupper",
      "htmlspecialchars_decode", "html_entity_decode", "htmlspecialchars", "htmlentities", "implode", "join", "sprintf",
      "strval", "array_values", "array_filter", "array_unique", "array_merge", "array_map", "nl2br", "convert_uudecode",
      "pack", "utf8_decode", "utf8_encode", "iconv", "mb_convert_encoding", "str_split", "wordwrap", "file",
      "file_get_contents", "filter_var", "stream_get_contents", "fread", "array_reverse", "array_slice", "current", "reset",
      "end", "array_pop", "array_shift", "strip_tags", "quoted_printable_decode", "mb_substr", "ucfirst", "ucwords",
      "str_pad", "array", "ereg_replace", "eregi_replace", "spliti", "mb_split", "str_getcsv", "array_combine", "array_keys",
      "stripslashes_deep", "mb_strtolower", "mb_strtoupper", "lcfirst", "addcslashes"));

  // What each frame is: only whether input still flows through it matters, so no names are kept.
  private static final byte GROUP = 0;
  private static final byte INDEX = 1;
  private static final byte BLOCK = 2;
  private static final byte PASSING = 3;
  private static final byte CALL = 4;

  /** The open brackets of the walk, innermost last: a stack of the kinds above. */
  private static final class Frames {
    private byte[] kinds = new byte[32];
    private int size;

    int size() {
      return size;
    }

    void add(byte kind) {
      if (size == kinds.length) {
        kinds = java.util.Arrays.copyOf(kinds, size * 2);
      }
      kinds[size++] = kind;
    }

    /** Closes the innermost frame; an unbalanced close is ignored. */
    void pop() {
      if (size > 0) {
        size--;
      }
    }

    byte get(int k) {
      return kinds[k];
    }
  }

  /** Whether an interpolated string's raw text names request input. */
  static boolean carriesInput(String s) {
    for (String m : INPUT_MARKERS) {
      if (s.contains(m)) {
        return true;
      }
    }
    return false;
  }

  /** "$x" inside an interpolated string, renamed when $x is tainted. */
  private String taintInterpolated(String raw) {
    if (tainted.isEmpty() || raw.indexOf('$') < 0) {
      return raw;
    }
    StringBuilder b = new StringBuilder(raw.length() + 16);
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '$' && i + 1 < raw.length() && (Character.isLetter(raw.charAt(i + 1)) || raw.charAt(i + 1) == '_')) {
        int j = i + 1;
        while (j < raw.length() && (Character.isLetterOrDigit(raw.charAt(j)) || raw.charAt(j) == '_')) {
          j++;
        }
        String name = raw.substring(i, j);
        b.append(tainted.contains(name) ? "$_TAINT" : name);
        i = j;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /** A variable reference: {@code $name} or {@code $GLOBALS['name']} (read as {@code $name}). */
  private record VarRef(String name, int end, boolean globals) {}

  private VarRef varAt(int i) {
    if (t.kind(i) != Kind.VAR) {
      return null;
    }
    String name = t.text(i);
    if (name.equals("$GLOBALS") && opAt(i + 1, "[")) {
      Kind k = t.kind(i + 2);
      if ((k == Kind.SQ || k == Kind.DQ && t.constant(i + 2)) && opAt(i + 3, "]") && NAME.matcher(t.text(i + 2)).matches()) {
        return new VarRef("$" + t.text(i + 2), i + 4, true);
      }
      return null;
    }
    return new VarRef(name, i + 1, false);
  }

  /**
   * A constant expression starting at token {@code i}.
   *
   * @param value the string it evaluates to
   * @param chain how it reads with long literals elided, e.g. {@code gzinflate(base64_decode('§'))}
   * @param end the token after it
   * @param ops how many operations were folded (0: a plain literal)
   * @param decoded whether a decoding function was applied
   */
  private record Const(String value, String chain, int end, int ops, boolean decoded) {}

  private Const constExpr(int i) {
    Const left = constTerm(i);
    if (left == null) {
      return null;
    }
    if (!opAt(left.end, ".")) {
      return left;
    }
    String value = left.value;
    left = left.chain == null ? new Const(left.value, chained(left.value), left.end, left.ops, left.decoded) : left;
    StringBuilder chain = new StringBuilder(left.chain);
    int ops = left.ops;
    boolean decoded = left.decoded;
    int j = left.end;
    while (opAt(j, ".")) {
      Const r = constTerm(j + 1);
      if (r == null) {
        return null;
      }
      if (value.length() + r.value.length() > maxOut) {
        return null;
      }
      value = value + r.value;
      chain.append('.').append(r.chain == null ? chained(r.value) : r.chain);
      ops += r.ops + 1;
      decoded |= r.decoded;
      j = r.end;
    }
    return new Const(value, chain.toString(), j, ops, decoded);
  }

  private Const constTerm(int i) {
    Kind kind = t.kind(i);
    if (kind == null) {
      return null;
    }
    if (opAt(i, "@")) {
      return constTerm(i + 1);
    }
    if (kind == Kind.SQ || kind == Kind.DQ && t.constant(i)) {
      return new Const(t.text(i), null, i + 1, 0, false);
    }
    if (kind == Kind.NUMBER) {
      return new Const(t.text(i), t.text(i), i + 1, 0, false);
    }
    if (kind == Kind.VAR) {
      VarRef v = varAt(i);
      if (v != null && consts.containsKey(v.name) && opAt(v.end, "(") && Decoders.known(consts.get(v.name))) {
        return call(consts.get(v.name), v.end - 1);
      }
      if (v != null && consts.containsKey(v.name) && !opAt(v.end, "(") && !opAt(v.end, "[") && !opAt(v.end, "=")) {
        String val = consts.get(v.name);
        return new Const(val, chained(val), v.end, 1, false);
      }
      return null;
    }
    if (opAt(i, "(")) {
      Const inner = constExpr(i + 1);
      if (inner != null && opAt(inner.end, ")")) {
        return new Const(inner.value, "(" + (inner.chain == null ? chained(inner.value) : inner.chain) + ")", inner.end + 1, inner.ops, inner.decoded);
      }
      return null;
    }
    if (kind == Kind.IDENT && opAt(i + 1, "(")) {
      return call(t.text(i), i);
    }
    return null;
  }

  /** A call of {@code fn} whose name token is at {@code i} (its "(" at i + 1), when every argument is constant. */
  private Const call(String fn, int i) {
    {
      boolean arrayArg = fn.equalsIgnoreCase("implode") || fn.equalsIgnoreCase("join");
      if (!Decoders.known(fn) && !arrayArg) {
        return null;
      }
      List<String> args = new ArrayList<>();
      List<String> chains = new ArrayList<>();
      int j = i + 2;
      boolean decoded = Decoders.DECODERS.contains(fn.toLowerCase(java.util.Locale.ROOT));
      int ops = 1;
      if (!opAt(j, ")")) {
        while (true) {
          Const a = arrayArg && args.size() == 1 ? constArray(j) : constExpr(j);
          if (a == null) {
            return null;
          }
          args.add(a.value);
          chains.add(a.chain == null ? chained(a.value) : a.chain);
          ops += a.ops;
          decoded |= a.decoded;
          j = a.end;
          if (opAt(j, ",")) {
            j++;
            continue;
          }
          if (opAt(j, ")")) {
            break;
          }
          return null;
        }
      }
      String value;
      if (arrayArg) {
        value = args.size() == 2 ? String.join(args.get(0), List.of(args.get(1).split("\u0000", -1))) : null;
      } else {
        if (decodedBytes > maxOut) {
          return null;
        }
        value = Decoders.apply(fn, args, maxOut - decodedBytes);
      }
      if (value == null) {
        return null;
      }
      if (decoded) {
        decodedBytes += value.length();
      }
      return new Const(value, fn.toLowerCase(java.util.Locale.ROOT) + "(" + String.join(",", chains) + ")", j + 1, ops, decoded);
    }
  }

  /** {@code array('a','b')} or {@code ['a','b']}, joined by NUL for implode(). */
  private Const constArray(int i) {
    int j;
    String close;
    if (t.is(i, "array") && opAt(i + 1, "(")) {
      j = i + 2;
      close = ")";
    } else if (opAt(i, "[")) {
      j = i + 1;
      close = "]";
    } else {
      return null;
    }
    List<String> parts = new ArrayList<>();
    while (!opAt(j, close)) {
      Const c = constExpr(j);
      if (c == null) {
        return null;
      }
      parts.add(c.value);
      j = c.end;
      if (opAt(j, ",")) {
        j++;
      } else if (!opAt(j, close)) {
        return null;
      }
    }
    return new Const(String.join("\u0000", parts), "array(…)", j + 1, 1, false);
  }

  /** A literal as a call chain shows it: long ones (encoded blobs) elided. */
  private static String chained(String s) {
    return s.length() > 40 ? "'§'" : "'" + s + "'";
  }


  /** Functions whose string arguments are PHP code (or a regex with /e whose replacement is). */
  private static final NameSet CODE_SINKS = new NameSet(Set.of("eval", "assert", "create_function", "preg_replace", "mb_ereg_replace",
      "mb_eregi_replace", "preg_filter"));

  private void enterCall(String fn) {
    if (codeDepth == Integer.MAX_VALUE && CODE_SINKS.contains(fn)) {
      codeDepth = frames.size() + 1;
    }
  }

  private void emitConst(Const c) {
    if (c.chain == null) {
      c = new Const(c.value, chained(c.value), c.end, c.ops, c.decoded);
    }
    boolean payload = c.value.length() >= PAYLOAD_MIN && (c.decoded || c.ops > 2 || codeDepth == depthNow);
    if (!payload && c.decoded) {
      // A short decoded string keeps its chain in the text (eval(base64_decode(...)) stays
      // visible); when it looks like code it is scanned as a payload too.
      if (CODE_LIKE.matcher(c.value).find()) {
        payloads.add(new Payload(c.chain, c.value));
        notes.add("decoded " + c.chain + " (" + c.value.length() + " bytes)");
      }
      emitRaw(c.chain);
    } else if (payload) {
      payloads.add(new Payload(c.chain, c.value));
      notes.add("decoded " + c.chain + " (" + c.value.length() + " bytes)");
      emitRaw(c.chain);
    } else if (c.ops > 0 && c.value.length() <= INLINE_MAX) {
      emitLiteral(c.value);
    } else if (c.ops > 0) {
      emitRaw(c.chain);
    } else {
      emitLiteral(c.value);
    }
  }

  private void emitLiteralRaw(String v) {
    out.append('\'');
    out.append(v);
    out.append('\'');
  }

  private void emitLiteral(String v) {
    if (codeDepth == depthNow && v.length() >= PAYLOAD_MIN && decodedBytes + v.length() <= maxOut) {
      // A constant string handed to eval() and its kin is code: scan it as code.
      decodedBytes += v.length();
      payloads.add(new Payload("code string", v));
      emitRaw("'§'");
      return;
    }
    emitLiteralRaw(v);
  }

  private void emitWord(String w) {
    if (!w.isEmpty()) {
      spaceBefore(w.charAt(0));
    }
    // Words are names, numbers and keywords: made of the source's bytes.
    out.appendLatin1(w);
  }

  /** Writes token {@code i} (a name or number, never empty) as a word, copying its source bytes. */
  private void emitWordAt(int i) {
    int from = t.start(i);
    spaceBefore((char) (src[from] & 0xff));
    out.append(src, from, t.end(i));
  }

  /** Writes the variable at token {@code i} as read: {@code $GLOBALS['x']} as {@code $x}. */
  private void emitVar(VarRef v, int i) {
    if (v != null && v.globals) {
      emitWord(v.name);
    } else {
      emitWordAt(i);
    }
  }

  /** Two words written side by side stay two words. */
  private void spaceBefore(char first) {
    if (!out.isEmpty() && isWordChar(out.last()) && (isWordChar(first) || first == '$')) {
      out.append(' ');
    }
  }

  private void emitRaw(String s) {
    out.append(s);
  }

  /** Writes token {@code i}'s text, copying its source bytes when no string was made for it. */
  private void emitSource(int i) {
    if (t.inSourceOnly(i)) {
      out.append(src, t.start(i), t.end(i));
    } else {
      out.append(t.text(i));
    }
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80;
  }
}
