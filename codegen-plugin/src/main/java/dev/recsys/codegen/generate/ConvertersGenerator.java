package dev.recsys.codegen.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recsys.codegen.schema.ColumnDef;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.FieldType;
import dev.recsys.codegen.schema.ScalarKind;
import java.util.List;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * {@code FeatureConverters}: one JPA {@code AttributeConverter} per list/map/vector type used by
 * any schema (sorted by name), plus a small JSON writer/reader so the generated code needs no
 * JSON library at runtime.
 *
 * <p>Lists and maps are stored as JSON text (readable in SQL, portable between H2 and
 * PostgreSQL). Vectors are stored as base64 of little-endian float32: exact (no decimal
 * round-trip), 4/3 of the raw size instead of ~10 characters per float as decimal text, and
 * still a plain text column on both databases.
 */
public final class ConvertersGenerator implements Generator {
  private static final ClassName CONVERTER = ClassName.get("jakarta.persistence", "AttributeConverter");
  private static final ClassName CONVERTER_ANN = ClassName.get("jakarta.persistence", "Converter");

  @Override
  public String name() {
    return "converters";
  }

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    TreeMap<String, FieldType> used = new TreeMap<>();
    for (FeatureSchema s : model.schemas()) {
      for (ColumnDef c : s.columns()) {
        String name = JavaTypes.converterName(c.type());
        if (name != null) {
          used.putIfAbsent(name, c.type());
        }
      }
    }
    ClassName self = model.converters();
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("JPA converters for list, map and vector feature columns. Lists and maps are stored as\n"
            + "JSON text; vectors as base64 of little-endian float32 (exact and compact, still text).\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    used.forEach((name, t) -> type.addType(converter(self.nestedClass(name), t, self.nestedClass("Json"))));
    type.addType(json());
    return List.of(JavaFile.builder(model.packageName(), type.build())
        .addFileComment(model.header()).skipJavaLangImports(true).build());
  }

  private static TypeSpec converter(ClassName name, FieldType t, ClassName json) {
    TypeName javaType = JavaTypes.fieldType(new ColumnDef("x", t, true, "", null, 0, 0));
    MethodSpec.Builder toDb = MethodSpec.methodBuilder("convertToDatabaseColumn")
        .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(String.class).addParameter(javaType, "value")
        .beginControlFlow("if (value == null)").addStatement("return null").endControlFlow();
    MethodSpec.Builder toEntity = MethodSpec.methodBuilder("convertToEntityAttribute")
        .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(javaType).addParameter(String.class, "text")
        .beginControlFlow("if (text == null)").addStatement("return null").endControlFlow();
    if (t instanceof FieldType.ListOf l) {
      toDb.addStatement("return $T.writeArray(value)", json);
      toEntity.addStatement("return $T.readArray(text, $L)", json, parser(l.element()));
    } else if (t instanceof FieldType.MapOf m) {
      toDb.addStatement("return $T.writeObject(value)", json);
      toEntity.addStatement("return $T.readObject(text, $L)", json, parser(m.value()));
    } else {
      ClassName buffer = ClassName.get("java.nio", "ByteBuffer");
      ClassName order = ClassName.get("java.nio", "ByteOrder");
      ClassName base64 = ClassName.get("java.util", "Base64");
      toDb.addStatement("$T bytes = $T.allocate(value.length * Float.BYTES).order($T.LITTLE_ENDIAN)",
              buffer, buffer, order)
          .addStatement("bytes.asFloatBuffer().put(value)")
          .addStatement("return $T.getEncoder().encodeToString(bytes.array())", base64);
      toEntity.addStatement("byte[] bytes = $T.getDecoder().decode(text)", base64)
          .beginControlFlow("if (bytes.length % Float.BYTES != 0)")
          .addStatement("throw new IllegalArgumentException($S + bytes.length)",
              "stored float vector is not a whole number of floats: bytes=")
          .endControlFlow()
          .addStatement("float[] out = new float[bytes.length / Float.BYTES]")
          .addStatement("$T.wrap(bytes).order($T.LITTLE_ENDIAN).asFloatBuffer().get(out)", buffer, order)
          .addStatement("return out");
    }
    return TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addAnnotation(CONVERTER_ANN)
        .addJavadoc("Stores {@code $L} columns as $L.\n", t.spelling(),
            t instanceof FieldType.VectorOf ? "base64 of little-endian float32" : "JSON text")
        .addSuperinterface(ParameterizedTypeName.get(CONVERTER, javaType, ClassName.get(String.class)))
        .addMethod(toDb.build())
        .addMethod(toEntity.build())
        .build();
  }

  /** A {@code Function<String, T>} turning a JSON scalar's text back into the element type. */
  private static CodeBlock parser(ScalarKind k) {
    return switch (k) {
      case BOOL -> CodeBlock.of("Boolean::valueOf");
      case INT -> CodeBlock.of("Integer::valueOf");
      case LONG -> CodeBlock.of("Long::valueOf");
      case FLOAT -> CodeBlock.of("Float::valueOf");
      case DOUBLE -> CodeBlock.of("Double::valueOf");
      case STRING -> CodeBlock.of("s -> s");
      case TIMESTAMP -> CodeBlock.of("$T::parse", JavaTypes.INSTANT);
      case DECIMAL -> CodeBlock.of("$T::new", JavaTypes.BIG_DECIMAL);
    };
  }

  /** The JSON helper, emitted as fixed code: it does not depend on the schemas. */
  private static TypeSpec json() {
    return TypeSpec.classBuilder("Json")
        .addModifiers(Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Just enough JSON for flat arrays and string-keyed objects of scalars. Numbers are\n"
            + "written as Java prints them (BigDecimal as plain text); NaN and infinities, which JSON\n"
            + "lacks, as strings that Float/Double.valueOf read back. Readers return a string's content\n"
            + "or a number/boolean token as written, and null for JSON null.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("writeArray").addModifiers(Modifier.STATIC)
            .returns(String.class)
            .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)), "values")
            .addStatement("StringBuilder out = new StringBuilder().append('[')")
            .beginControlFlow("for (int i = 0; i < values.size(); i++)")
            .beginControlFlow("if (i > 0)").addStatement("out.append(',')").endControlFlow()
            .addStatement("writeValue(out, values.get(i))")
            .endControlFlow()
            .addStatement("return out.append(']').toString()")
            .build())
        .addMethod(MethodSpec.methodBuilder("writeObject").addModifiers(Modifier.STATIC)
            .returns(String.class)
            .addParameter(ParameterizedTypeName.get(JavaTypes.MAP, JavaTypes.STRING, com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)), "values")
            .addStatement("StringBuilder out = new StringBuilder().append('{')")
            .addStatement("boolean first = true")
            .beginControlFlow("for ($T.Entry<String, ?> entry : values.entrySet())", JavaTypes.MAP)
            .beginControlFlow("if (!first)").addStatement("out.append(',')").endControlFlow()
            .addStatement("first = false")
            .addStatement("writeString(out, entry.getKey())")
            .addStatement("out.append(':')")
            .addStatement("writeValue(out, entry.getValue())")
            .endControlFlow()
            .addStatement("return out.append('}').toString()")
            .build())
        .addMethod(MethodSpec.methodBuilder("writeValue").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(StringBuilder.class, "out").addParameter(Object.class, "value")
            .beginControlFlow("if (value == null)").addStatement("out.append(\"null\")")
            .nextControlFlow("else if (value instanceof String || value instanceof $T)", JavaTypes.INSTANT)
            .addStatement("writeString(out, value.toString())")
            .nextControlFlow("else if (value instanceof $T)", JavaTypes.BIG_DECIMAL)
            .addStatement("out.append((($T) value).toPlainString())", JavaTypes.BIG_DECIMAL)
            .nextControlFlow("else if (value instanceof Float && !Float.isFinite((Float) value)\n"
                + "    || value instanceof Double && !Double.isFinite((Double) value))")
            .addStatement("writeString(out, value.toString())")
            .nextControlFlow("else")
            .addStatement("out.append(value)")
            .endControlFlow()
            .build())
        .addMethod(MethodSpec.methodBuilder("writeString").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(StringBuilder.class, "out").addParameter(String.class, "s")
            .addStatement("out.append('\"')")
            .beginControlFlow("for (int i = 0; i < s.length(); i++)")
            .addStatement("char c = s.charAt(i)")
            .beginControlFlow("if (c == '\"' || c == '\\\\')")
            .addStatement("out.append('\\\\').append(c)")
            .nextControlFlow("else if (c < 0x20)")
            .addStatement("out.append(String.format($S, (int) c))", "\\u%04x")
            .nextControlFlow("else")
            .addStatement("out.append(c)")
            .endControlFlow()
            .endControlFlow()
            .addStatement("out.append('\"')")
            .build())
        .addMethod(MethodSpec.methodBuilder("readArray").addModifiers(Modifier.STATIC)
            .addTypeVariable(com.palantir.javapoet.TypeVariableName.get("T"))
            .returns(ParameterizedTypeName.get(JavaTypes.LIST, com.palantir.javapoet.TypeVariableName.get("T")))
            .addParameter(String.class, "text")
            .addParameter(ParameterizedTypeName.get(ClassName.get("java.util.function", "Function"),
                JavaTypes.STRING, com.palantir.javapoet.TypeVariableName.get("T")), "parse")
            .addStatement("Reader in = new Reader(text)")
            .addStatement("$T<T> out = new $T<>()", JavaTypes.LIST, ClassName.get("java.util", "ArrayList"))
            .addStatement("in.expect('[')")
            .beginControlFlow("if (!in.consume(']'))")
            .beginControlFlow("do")
            .addStatement("String value = in.value()")
            .addStatement("out.add(value == null ? null : parse.apply(value))")
            .endControlFlow("while (in.consume(','))")
            .addStatement("in.expect(']')")
            .endControlFlow()
            .addStatement("in.end()")
            .addStatement("return out")
            .build())
        .addMethod(MethodSpec.methodBuilder("readObject").addModifiers(Modifier.STATIC)
            .addTypeVariable(com.palantir.javapoet.TypeVariableName.get("T"))
            .returns(ParameterizedTypeName.get(JavaTypes.MAP, JavaTypes.STRING, com.palantir.javapoet.TypeVariableName.get("T")))
            .addParameter(String.class, "text")
            .addParameter(ParameterizedTypeName.get(ClassName.get("java.util.function", "Function"),
                JavaTypes.STRING, com.palantir.javapoet.TypeVariableName.get("T")), "parse")
            .addStatement("Reader in = new Reader(text)")
            .addComment("Insertion order is kept so a row reads back exactly as written.")
            .addStatement("$T<String, T> out = new $T<>()", JavaTypes.MAP, ClassName.get("java.util", "LinkedHashMap"))
            .addStatement("in.expect('{')")
            .beginControlFlow("if (!in.consume('}'))")
            .beginControlFlow("do")
            .addStatement("String key = in.string()")
            .addStatement("in.expect(':')")
            .addStatement("String value = in.value()")
            .addStatement("out.put(key, value == null ? null : parse.apply(value))")
            .endControlFlow("while (in.consume(','))")
            .addStatement("in.expect('}')")
            .endControlFlow()
            .addStatement("in.end()")
            .addStatement("return out")
            .build())
        .addType(reader())
        .build();
  }

  private static TypeSpec reader() {
    return TypeSpec.classBuilder("Reader")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addField(String.class, "text", Modifier.PRIVATE, Modifier.FINAL)
        .addField(int.class, "pos", Modifier.PRIVATE)
        .addMethod(MethodSpec.constructorBuilder().addParameter(String.class, "text")
            .addStatement("this.text = text").build())
        .addMethod(MethodSpec.methodBuilder("skipSpace")
            .beginControlFlow("while (pos < text.length() && Character.isWhitespace(text.charAt(pos)))")
            .addStatement("pos++").endControlFlow().build())
        .addMethod(MethodSpec.methodBuilder("consume").returns(boolean.class).addParameter(char.class, "c")
            .addStatement("skipSpace()")
            .beginControlFlow("if (pos < text.length() && text.charAt(pos) == c)")
            .addStatement("pos++").addStatement("return true").endControlFlow()
            .addStatement("return false").build())
        .addMethod(MethodSpec.methodBuilder("expect").addParameter(char.class, "c")
            .beginControlFlow("if (!consume(c))")
            .addStatement("throw error($S + c + $S)", "expected '", "'").endControlFlow().build())
        .addMethod(MethodSpec.methodBuilder("end")
            .addStatement("skipSpace()")
            .beginControlFlow("if (pos != text.length())")
            .addStatement("throw error($S)", "unexpected trailing characters").endControlFlow().build())
        .addMethod(MethodSpec.methodBuilder("value").returns(String.class)
            .addStatement("skipSpace()")
            .beginControlFlow("if (pos < text.length() && text.charAt(pos) == '\"')")
            .addStatement("return string()").endControlFlow()
            .addStatement("int start = pos")
            .beginControlFlow("while (pos < text.length() && $S.indexOf(text.charAt(pos)) < 0)", ",]}: \t\r\n")
            .addStatement("pos++").endControlFlow()
            .addStatement("String token = text.substring(start, pos)")
            .beginControlFlow("if (token.isEmpty())")
            .addStatement("throw error($S)", "expected a value").endControlFlow()
            .addStatement("return token.equals($S) ? null : token", "null")
            .build())
        .addMethod(MethodSpec.methodBuilder("string").returns(String.class)
            .addStatement("expect('\"')")
            .addStatement("StringBuilder out = new StringBuilder()")
            .beginControlFlow("while (true)")
            .beginControlFlow("if (pos >= text.length())")
            .addStatement("throw error($S)", "unterminated string").endControlFlow()
            .addStatement("char c = text.charAt(pos++)")
            .beginControlFlow("if (c == '\"')").addStatement("return out.toString()").endControlFlow()
            .beginControlFlow("if (c != '\\\\')").addStatement("out.append(c)").addStatement("continue").endControlFlow()
            .beginControlFlow("if (pos >= text.length())")
            .addStatement("throw error($S)", "unterminated escape").endControlFlow()
            .addStatement("char e = text.charAt(pos++)")
            .beginControlFlow("switch (e)")
            .addStatement("case 'n': out.append('\\n'); break")
            .addStatement("case 'r': out.append('\\r'); break")
            .addStatement("case 't': out.append('\\t'); break")
            .addStatement("case 'b': out.append('\\b'); break")
            .addStatement("case 'f': out.append('\\f'); break")
            .addStatement("case '\"': case '\\\\': case '/': out.append(e); break")
            .addCode("case 'u':\n$>")
            .beginControlFlow("if (pos + 4 > text.length())")
            .addStatement("throw error($S)", "truncated \\u escape").endControlFlow()
            .addStatement("out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16))")
            .addStatement("pos += 4")
            .addStatement("break")
            .addCode("$<default:\n$>")
            .addStatement("throw error($S + e)", "bad escape \\")
            .addCode("$<")
            .endControlFlow()
            .endControlFlow()
            .build())
        .addMethod(MethodSpec.methodBuilder("error").returns(IllegalArgumentException.class)
            .addParameter(String.class, "what")
            .addStatement("return new IllegalArgumentException($S + pos + $S + what + $S + text)",
                "malformed feature JSON at offset ", ": ", " in ")
            .build())
        .build();
  }
}
