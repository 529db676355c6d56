package dev.recsys.codegen.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * {@code FeatureSupport} (package-private helpers shared by the Arrow and access classes) and the
 * {@code FeatureAccess} interface. Both are fixed code emitted once per package.
 */
public final class SupportGenerator implements Generator {

  @Override
  public String name() {
    return "support";
  }

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    return List.of(
        JavaFile.builder(model.packageName(), support(model)).addFileComment(model.header())
            .skipJavaLangImports(true).build(),
        JavaFile.builder(model.packageName(), access()).addFileComment(model.header())
            .skipJavaLangImports(true).build());
  }

  private static TypeSpec support(CodegenModel model) {
    ClassName instant = JavaTypes.INSTANT;
    TypeVariableName v = TypeVariableName.get("V");
    TypeSpec.Builder type = TypeSpec.classBuilder(model.support())
        .addModifiers(Modifier.FINAL)
        .addJavadoc("Conversions shared by the generated Arrow and access classes.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("toMicros").addModifiers(Modifier.STATIC)
            .addJavadoc("Arrow timestamps are microseconds since the epoch; finer digits are dropped.\n")
            .returns(long.class).addParameter(instant, "value")
            .addStatement("return Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L),"
                + " value.getNano() / 1_000L)")
            .build())
        .addMethod(MethodSpec.methodBuilder("fromMicros").addModifiers(Modifier.STATIC)
            .returns(instant).addParameter(long.class, "micros")
            .addStatement("return $T.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),"
                + " Math.floorMod(micros, 1_000_000L) * 1_000L)", instant)
            .build())
        .addMethod(MethodSpec.methodBuilder("scaled").addModifiers(Modifier.STATIC)
            .addJavadoc("Arrow decimals need the vector's exact scale; rounding would change the value silently,\n"
                + "so a value with more digits fails instead.\n")
            .returns(JavaTypes.BIG_DECIMAL).addParameter(JavaTypes.BIG_DECIMAL, "value").addParameter(int.class, "scale")
            .addStatement("return value.setScale(scale, $T.UNNECESSARY)", ClassName.get("java.math", "RoundingMode"))
            .build())
        .addMethod(MethodSpec.methodBuilder("vector").addModifiers(Modifier.STATIC)
            .addJavadoc("The batch's vector for {@code column}, checked to be the type the schema declares.\n")
            .addTypeVariable(v).returns(v)
            .addParameter(JavaTypes.FIELD_VECTOR, "vector")
            .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), v), "type")
            .addParameter(String.class, "entity")
            .beginControlFlow("if (!type.isInstance(vector))")
            .addStatement("throw new IllegalArgumentException($S + vector.getName() + $S + entity + $S"
                + " + type.getSimpleName() + $S + vector.getField().getType())",
                "column '", "' of entity ", " must be an Arrow ", " but is ")
            .endControlFlow()
            .addStatement("return type.cast(vector)")
            .build())
        .addMethod(MethodSpec.methodBuilder("nullValue").addModifiers(Modifier.STATIC)
            .returns(IllegalArgumentException.class)
            .addParameter(String.class, "entity").addParameter(String.class, "column").addParameter(int.class, "row")
            .addStatement("return new IllegalArgumentException($S + column + $S + entity + $S + row)",
                "column '", "' of entity ", " is not nullable but has a null at row ")
            .build())
        .addMethod(MethodSpec.methodBuilder("splitKey").addModifiers(Modifier.STATIC)
            .addJavadoc("Splits a composite key string; string key parts therefore cannot contain '|'.\n")
            .returns(String[].class)
            .addParameter(String.class, "key").addParameter(String.class, "entity").addParameter(String.class, "columns")
            .addStatement("String[] parts = key.split($S, -1)", "\\|")
            .beginControlFlow("if (parts.length != columns.split($S).length)", "\\|")
            .addStatement("throw new IllegalArgumentException($S + key + $S + entity + $S + columns)",
                "key '", "' for entity ", " must be the key columns joined by '|': ")
            .endControlFlow()
            .addStatement("return parts")
            .build())
        .addMethod(MethodSpec.methodBuilder("badKey").addModifiers(Modifier.STATIC)
            .returns(IllegalArgumentException.class)
            .addParameter(String.class, "key").addParameter(String.class, "entity")
            .addParameter(String.class, "column").addParameter(String.class, "type")
            .addParameter(Exception.class, "cause")
            .addStatement("return new IllegalArgumentException($S + key + $S + entity + $S + column + $S + type, cause)",
                "bad key '", "' for entity ", ": column ", " expects ")
            .build());
    // One strict parser per key type; each names the key, column and type on failure.
    addParser(type, "parseInt", int.class, "Integer.parseInt(text)", "int", NumberFormatException.class);
    addParser(type, "parseLong", long.class, "Long.parseLong(text)", "long", NumberFormatException.class);
    addParser(type, "parseDecimal", JavaTypes.BIG_DECIMAL, "new java.math.BigDecimal(text)", "decimal", NumberFormatException.class);
    addParser(type, "parseTimestamp", instant, "java.time.Instant.parse(text)", "timestamp (ISO-8601 instant)",
        java.time.format.DateTimeParseException.class);
    type.addMethod(MethodSpec.methodBuilder("parseBool").addModifiers(Modifier.STATIC)
        .returns(boolean.class)
        .addParameter(String.class, "text").addParameter(String.class, "key")
        .addParameter(String.class, "entity").addParameter(String.class, "column")
        .beginControlFlow("if (!text.equals($S) && !text.equals($S))", "true", "false")
        .addStatement("throw badKey(key, entity, column, $S, null)", "bool (true or false)")
        .endControlFlow()
        .addStatement("return text.equals($S)", "true")
        .build());
    type.addMethod(MethodSpec.methodBuilder("canonical").addModifiers(Modifier.STATIC)
        .addJavadoc("Key text used to match fetched rows to requested keys: \"1.50\" and \"1.5\" are one decimal key.\n")
        .returns(String.class).addParameter(Object.class, "value")
        .addStatement("return value instanceof $T ? (($T) value).stripTrailingZeros().toPlainString() : String.valueOf(value)",
            JavaTypes.BIG_DECIMAL, JavaTypes.BIG_DECIMAL)
        .build());
    return type.build();
  }

  private static void addParser(TypeSpec.Builder type, String name, Object returns, String expr, String typeName,
      Class<?> failure) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.STATIC);
    if (returns instanceof Class<?> c) {
      m.returns(c);
    } else {
      m.returns((ClassName) returns);
    }
    type.addMethod(m.addParameter(String.class, "text").addParameter(String.class, "key")
        .addParameter(String.class, "entity").addParameter(String.class, "column")
        .beginControlFlow("try")
        .addStatement("return $L", expr)
        .nextControlFlow("catch ($T e)", failure)
        .addStatement("throw badKey(key, entity, column, $S, e)", typeName)
        .endControlFlow()
        .build());
  }

  private static TypeSpec access() {
    TypeSpec.Builder type = TypeSpec.interfaceBuilder("FeatureAccess")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Typed access to one feature entity, by name, with Arrow in and out. One generated\n"
            + "{@code @Component} implementation per schema; inject {@code List<FeatureAccess>}.\n")
        .addMethod(MethodSpec.methodBuilder("entity").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("The schema's entity name, e.g. {@code item}.\n").returns(String.class).build())
        .addMethod(MethodSpec.methodBuilder("arrowSchema").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("Arrow schema of all columns in schema order.\n").returns(JavaTypes.ARROW_SCHEMA).build())
        .addMethod(MethodSpec.methodBuilder("read").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("Rows for the keys in request order (duplicates once); composite keys are the key columns'\n"
                + "string forms joined by '|'. Keys without a row are added to missingKeys.\n"
                + "\n@param columns columns to return in this order; empty means all in schema order\n"
                + "@throws IllegalArgumentException for a key that does not parse as the key columns' types,\n"
                + "    or an unknown column\n")
            .returns(JavaTypes.ROOT)
            .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.STRING), "keys")
            .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.STRING), "columns")
            .addParameter(JavaTypes.ALLOCATOR, "allocator")
            .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.STRING), "missingKeys")
            .build())
        .addMethod(MethodSpec.methodBuilder("upsert").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("Inserts or replaces every row of the batch (columns by name; must include the key columns;\n"
                + "absent non-key columns become null/default). Returns the number of rows.\n")
            .returns(int.class)
            .addParameter(JavaTypes.ROOT, "batch")
            .build());
    return type.build();
  }
}
