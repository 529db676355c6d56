package dev.recsys.offline.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON subset the metadata files need (objects, arrays, strings, numbers, booleans,
 * null). Hand-written so the offline jar does not depend on a JSON library that reaches it only
 * transitively. Writes pretty-printed output with keys in insertion order, so files diff well.
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
    } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      out.append("null");
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
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        write(list.get(i), out, indent + 1);
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
   * Parses a JSON document; numbers come back as {@code Long} when integral, else {@code Double}.
   *
   * @param source names the input in error messages
   */
  public static Object parse(String text, String source) {
    Parser p = new Parser(text, source);
    Object v = p.value();
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
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

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    Object value() {
      skipWs();
      if (pos >= s.length()) {
        throw error("unexpected end of input");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          if (s.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
          }
          if (s.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
          }
          if (s.startsWith("null", pos)) {
            pos += 4;
            return null;
          }
          return number();
      }
    }

    Map<String, Object> object() {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++;
      skipWs();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipWs();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("expected a quoted key");
        }
        String key = string();
        skipWs();
        expect(':');
        map.put(key, value());
        skipWs();
        if (pos < s.length() && s.charAt(pos) == ',') {
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
      skipWs();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return list;
      }
      while (true) {
        list.add(value());
        skipWs();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
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
        if (c == '\\') {
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
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("bad \\u escape");
              }
              b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              pos += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
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
        if (n.contains(".") || n.contains("e") || n.contains("E")) {
          return Double.parseDouble(n);
        }
        return Long.parseLong(n);
      } catch (NumberFormatException e) {
        throw error("bad number '" + n + "'");
      }
    }
  }
}
