package dev.recsys.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON this project writes and reads (transform specs, model metadata, reports, benchmark
 * results): objects (insertion-ordered), arrays, strings, numbers, booleans and null; NaN and
 * infinities are refused (JSON has none; callers write a missing metric as null). feature-transform
 * is served online and stays free of libraries that would pin versions on rank-service, hence this
 * small hand-written reader and writer, shared by offline.
 *
 * <p>Numbers parse to {@code Long} when they are integers and to {@code Double} otherwise;
 * doubles are written with {@link Double#toString(double)}, which reads back to the same bits.
 */
public final class Json {

  private Json() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(s, out);
    } else if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(d);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append("  ".repeat(indent + 1));
        quote(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, indent + 1);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append("  ".repeat(indent)).append('}');
    } else if (value instanceof List<?> list) {
      boolean nested = list.stream().anyMatch(v -> v instanceof Map || v instanceof List);
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (nested) {
          out.append(i == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
        } else if (i > 0) {
          out.append(", ");
        }
        write(list.get(i), out, indent + 1);
      }
      if (nested && !list.isEmpty()) {
        out.append('\n').append("  ".repeat(indent));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON");
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Parses one JSON document.
   *
   * @param source names the input in errors, which read {@code source:line: invalid JSON: ...}
   */
  public static Object parse(String text, String source) {
    Parser p = new Parser(text, source);
    Object v = p.value();
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters after the document");
    }
    return v;
  }

  private static final class Parser {
    private final String s;
    private final String source;
    private int pos;

    Parser(String s, String source) {
      this.s = s;
      this.source = source;
    }

    IllegalArgumentException error(String what) {
      int line = 1;
      for (int i = 0; i < Math.min(pos, s.length()); i++) {
        if (s.charAt(i) == '\n') {
          line++;
        }
      }
      return new IllegalArgumentException(source + ":" + line + ": invalid JSON: " + what);
    }

    void skipWhitespace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Object value() {
      skipWhitespace();
      if (pos >= s.length()) {
        throw error("unexpected end of input");
      }
      char c = s.charAt(pos);
      if (c == '{') {
        return object();
      }
      if (c == '[') {
        return array();
      }
      if (c == '"') {
        return string();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, pos)) {
          pos += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      return number();
    }

    Map<String, Object> object() {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++;
      skipWhitespace();
      if (peek('}')) {
        pos++;
        return map;
      }
      while (true) {
        skipWhitespace();
        if (!peek('"')) {
          throw error("expected a quoted key");
        }
        String key = string();
        skipWhitespace();
        expect(':');
        if (map.put(key, value()) != null) {
          throw error("duplicate key '" + key + "'");
        }
        skipWhitespace();
        if (peek(',')) {
          pos++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    List<Object> array() {
      List<Object> list = new ArrayList<>();
      pos++;
      skipWhitespace();
      if (peek(']')) {
        pos++;
        return list;
      }
      while (true) {
        list.add(value());
        skipWhitespace();
        if (peek(',')) {
          pos++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    boolean peek(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw error(pos >= s.length() ? "expected '" + c + "' before the end of input"
            : "expected '" + c + "', found '" + s.charAt(pos) + "'");
      }
      pos++;
    }

    String string() {
      StringBuilder b = new StringBuilder();
      pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (pos >= s.length()) {
          break;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case '"', '\\', '/' -> b.append(e);
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("incomplete \\u escape");
            }
            try {
              b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape '" + s.substring(pos, pos + 4) + "'");
            }
            pos += 4;
          }
          default -> throw error("bad escape '\\" + e + "'");
        }
      }
      throw error("unterminated string");
    }

    Object number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String n = s.substring(start, pos);
      if (n.isEmpty()) {
        throw error("unexpected character '" + s.charAt(pos) + "'");
      }
      try {
        if (n.indexOf('.') >= 0 || n.indexOf('e') >= 0 || n.indexOf('E') >= 0) {
          return Double.parseDouble(n);
        }
        return Long.parseLong(n);
      } catch (NumberFormatException e) {
        throw error("bad number '" + n + "'");
      }
    }
  }
}
