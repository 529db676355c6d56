package dev.recsys.codegen.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recsys.codegen.schema.ColumnDef;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.FieldType;
import dev.recsys.codegen.schema.Names;
import dev.recsys.codegen.schema.ScalarKind;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * {@code XFeaturesArrow}: the entity's Arrow schema and entity lists to/from Arrow vectors. One
 * write and one read method per column, each a plain indexed loop over typed vectors, so values
 * are boxed only where the entity's getter already returns a box.
 */
public final class ArrowGenerator implements Generator {
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");

  @Override
  public String name() {
    return "arrow";
  }

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    List<JavaFile> files = new ArrayList<>();
    for (FeatureSchema s : model.schemas()) {
      files.add(JavaFile.builder(model.packageName(), arrow(model, s))
          .addFileComment(CodegenModel.header(s)).skipJavaLangImports(true).build());
    }
    return files;
  }

  private TypeSpec arrow(CodegenModel model, FeatureSchema s) {
    ClassName entity = model.entity(s);
    TypeName rowsType = ParameterizedTypeName.get(JavaTypes.LIST, entity);
    TypeName strings = ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.STRING);
    TypeSpec.Builder type = TypeSpec.classBuilder(model.arrow(s))
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Arrow form of {@link $T}: timestamps are MICROSECOND/UTC, decimals 128-bit,\n"
            + "vectors FixedSizeList of Float4. Stateless and thread-safe.\n", entity)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    CodeBlock.Builder columnNames = CodeBlock.builder();
    CodeBlock.Builder fields = CodeBlock.builder();
    for (int i = 0; i < s.columns().size(); i++) {
      ColumnDef c = s.columns().get(i);
      columnNames.add(i == 0 ? "$S" : ", $S", c.name());
      fields.add(i == 0 ? "\n$L" : ",\n$L", field(c));
    }
    type.addField(FieldSpec.builder(strings, "COLUMNS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("All column names in schema order.\n")
        .initializer("$T.of($L)", JavaTypes.LIST, columnNames.build()).build());
    CodeBlock.Builder keyNames = CodeBlock.builder();
    for (int i = 0; i < s.key().size(); i++) {
      keyNames.add(i == 0 ? "$S" : ", $S", s.key().get(i));
    }
    type.addField(FieldSpec.builder(strings, "KEY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Key column names in key order.\n")
        .initializer("$T.of($L)", JavaTypes.LIST, keyNames.build()).build());
    type.addField(FieldSpec.builder(JavaTypes.ARROW_SCHEMA, "SCHEMA", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("new $T($T.of($>$L$<))", JavaTypes.ARROW_SCHEMA, JavaTypes.LIST, fields.build()).build());

    type.addMethod(MethodSpec.methodBuilder("schema").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Arrow schema of all columns in schema order; nullability as in the feature schema.\n")
        .returns(JavaTypes.ARROW_SCHEMA).addStatement("return SCHEMA").build());

    MethodSpec.Builder toArrow = MethodSpec.methodBuilder("toArrow").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Column vectors for {@code rows}, which the caller must close.\n\n"
            + "@param columns columns in output order; empty means all columns in schema order\n"
            + "@throws IllegalArgumentException for an unknown or repeated column, or a vector of the wrong\n"
            + "    dimension\n")
        .returns(JavaTypes.ROOT)
        .addParameter(rowsType, "rows").addParameter(strings, "columns").addParameter(JavaTypes.ALLOCATOR, "allocator")
        .addStatement("$T selected = columns.isEmpty() ? COLUMNS : columns", strings)
        .addStatement("$T<$T> vectors = new $T<>(selected.size())", JavaTypes.LIST, JavaTypes.FIELD_VECTOR, ARRAY_LIST)
        .beginControlFlow("try")
        .beginControlFlow("for (String column : selected)")
        .beginControlFlow("if (!COLUMNS.contains(column))")
        .addStatement("throw new IllegalArgumentException($S + column + $S + COLUMNS)",
            "unknown column '", "' for entity " + s.entity() + "; known columns: ")
        .endControlFlow()
        .beginControlFlow("if (selected.indexOf(column) != selected.lastIndexOf(column))")
        .addStatement("throw new IllegalArgumentException($S + column + $S)", "column '", "' requested twice")
        .endControlFlow()
        .addStatement("$T vector = SCHEMA.findField(column).createVector(allocator)", JavaTypes.FIELD_VECTOR)
        .addStatement("vectors.add(vector)")
        .addStatement("vector.setInitialCapacity(rows.size())")
        .addStatement("vector.allocateNew()")
        .beginControlFlow("switch (column)");
    for (ColumnDef c : s.columns()) {
      toArrow.addStatement("case $S -> write$L(vector, rows)", c.name(), Names.pascal(c.name()));
    }
    toArrow.addStatement("default -> throw new IllegalStateException(column)")
        .endControlFlow()
        .endControlFlow()
        .addStatement("$T root = new $T(vectors)", JavaTypes.ROOT, JavaTypes.ROOT)
        .addStatement("root.setRowCount(rows.size())")
        .addStatement("return root")
        .nextControlFlow("catch (RuntimeException e)")
        .addComment("Nothing half-built escapes: release what was allocated, then report.")
        .addStatement("vectors.forEach($T::close)", JavaTypes.FIELD_VECTOR)
        .addStatement("throw e")
        .endControlFlow();
    type.addMethod(toArrow.build());

    MethodSpec.Builder fromArrow = MethodSpec.methodBuilder("fromArrow").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("New entities from a batch whose vectors are named like the columns; columns absent from the\n"
            + "batch keep the entity's defaults.\n\n"
            + "@throws IllegalArgumentException if a key column is missing, a column is unknown or of the\n"
            + "    wrong Arrow type, or a non-nullable column holds null\n")
        .returns(rowsType).addParameter(JavaTypes.ROOT, "batch")
        .beginControlFlow("for (String key : KEY)")
        .beginControlFlow("if (batch.getVector(key) == null)")
        .addStatement("throw new IllegalArgumentException($S + key + $S + batch.getSchema().getFields())",
            "batch for entity " + s.entity() + " lacks key column '", "'; batch fields: ")
        .endControlFlow()
        .endControlFlow()
        .addStatement("int n = batch.getRowCount()")
        .addStatement("$T rows = new $T<>(n)", rowsType, ARRAY_LIST)
        .beginControlFlow("for (int i = 0; i < n; i++)")
        .addStatement("rows.add(new $T())", entity)
        .endControlFlow()
        .beginControlFlow("for ($T vector : batch.getFieldVectors())", JavaTypes.FIELD_VECTOR)
        .beginControlFlow("switch (vector.getName())");
    for (ColumnDef c : s.columns()) {
      fromArrow.addStatement("case $S -> read$L(vector, rows)", c.name(), Names.pascal(c.name()));
    }
    fromArrow.addStatement("default -> throw new IllegalArgumentException($S + vector.getName() + $S + COLUMNS)",
            "unknown column '", "' for entity " + s.entity() + "; known columns: ")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return rows");
    type.addMethod(fromArrow.build());

    for (ColumnDef c : s.columns()) {
      type.addMethod(writer(model, s, c));
    }
    for (ColumnDef c : s.columns()) {
      type.addMethod(reader(model, s, c));
    }
    return type.build();
  }

  private static CodeBlock field(ColumnDef c) {
    ClassName fieldType = JavaTypes.ARROW_FIELD_TYPE;
    ClassName field = JavaTypes.ARROW_FIELD;
    ClassName at = JavaTypes.ARROW_TYPE;
    FieldType t = c.type();
    if (t instanceof FieldType.Scalar s) {
      return CodeBlock.of("new $T($S, new $T($L, $L, null), null)", field, c.name(), fieldType, c.nullable(),
          JavaTypes.arrowType(s.kind(), c.precision(), c.scale()));
    } else if (t instanceof FieldType.ListOf l) {
      return CodeBlock.of("new $T($S, new $T($L, $T.List.INSTANCE, null),\n    $T.of(new $T($S, $T.nullable($L), null)))",
          field, c.name(), fieldType, c.nullable(), at, JavaTypes.LIST, field, "$data$", fieldType,
          JavaTypes.arrowType(l.element(), 38, 10));
    } else if (t instanceof FieldType.MapOf m) {
      return CodeBlock.of("new $T($S, new $T($L, new $T.Map(false), null),\n"
              + "    $T.of(new $T($S, $T.notNullable($T.Struct.INSTANCE), $T.of(\n"
              + "        new $T($S, $T.notNullable($T.Utf8.INSTANCE), null),\n"
              + "        new $T($S, $T.nullable($L), null)))))",
          field, c.name(), fieldType, c.nullable(), at,
          JavaTypes.LIST, field, "entries", fieldType, at, JavaTypes.LIST,
          field, "key", fieldType, at,
          field, "value", fieldType, JavaTypes.arrowType(m.value(), 38, 10));
    }
    FieldType.VectorOf v = (FieldType.VectorOf) t;
    return CodeBlock.of("new $T($S, new $T($L, new $T.FixedSizeList($L), null),\n    $T.of(new $T($S, $T.notNullable($L), null)))",
        field, c.name(), fieldType, c.nullable(), at, v.dimension(), JavaTypes.LIST, field, "$data$", fieldType,
        JavaTypes.arrowType(ScalarKind.FLOAT, 0, 0));
  }

  private static MethodSpec writer(CodegenModel model, FeatureSchema s, ColumnDef c) {
    ClassName vectorType = JavaTypes.columnVector(c);
    ClassName support = model.support();
    MethodSpec.Builder m = MethodSpec.methodBuilder("write" + Names.pascal(c.name()))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(JavaTypes.FIELD_VECTOR, "target")
        .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, model.entity(s)), "rows")
        .addStatement("$T vector = ($T) target", vectorType, vectorType);
    FieldType t = c.type();
    if (t instanceof FieldType.ListOf l) {
      m.addStatement("$T data = ($T) vector.getDataVector()", JavaTypes.vector(l.element()), JavaTypes.vector(l.element()));
    } else if (t instanceof FieldType.MapOf mt) {
      ClassName values = JavaTypes.vector(mt.value());
      m.addStatement("$T entries = ($T) vector.getDataVector()", JavaTypes.STRUCT_VECTOR, JavaTypes.STRUCT_VECTOR)
          .addStatement("$T keys = ($T) entries.getChild($S)", JavaTypes.VARCHAR_VECTOR, JavaTypes.VARCHAR_VECTOR, "key")
          .addStatement("$T values = ($T) entries.getChild($S)", values, values, "value");
    } else if (t instanceof FieldType.VectorOf) {
      m.addStatement("$T data = ($T) vector.getDataVector()", JavaTypes.FLOAT4_VECTOR, JavaTypes.FLOAT4_VECTOR);
    }
    m.addStatement("int n = rows.size()")
        .beginControlFlow("for (int i = 0; i < n; i++)")
        .addStatement("$T value = rows.get(i).get$L()", JavaTypes.fieldType(c), Names.pascal(c.name()));
    if (!JavaTypes.isPrimitive(c)) {
      m.beginControlFlow("if (value == null)").addStatement("vector.setNull(i)").addStatement("continue").endControlFlow();
    }
    if (t instanceof FieldType.Scalar sc) {
      m.addStatement(JavaTypes.arrowSet(sc.kind(), "vector", "i", "value", support));
    } else if (t instanceof FieldType.ListOf l) {
      m.addStatement("int start = vector.startNewValue(i)")
          .beginControlFlow("for (int j = 0; j < value.size(); j++)")
          .addStatement("$T element = value.get(j)", JavaTypes.boxed(l.element()))
          .beginControlFlow("if (element == null)")
          .addStatement("data.setNull(start + j)")
          .nextControlFlow("else")
          .addStatement(JavaTypes.arrowSet(l.element(), "data", "start + j", "element", support))
          .endControlFlow()
          .endControlFlow()
          .addStatement("vector.endValue(i, value.size())");
    } else if (t instanceof FieldType.MapOf mt) {
      m.addStatement("int j = vector.startNewValue(i)")
          .beginControlFlow("for ($T.Entry<String, $T> entry : value.entrySet())", JavaTypes.MAP, JavaTypes.boxed(mt.value()))
          .addStatement("entries.setIndexDefined(j)")
          .addStatement("keys.setSafe(j, entry.getKey().getBytes($T.UTF_8))", JavaTypes.UTF_8_HOLDER)
          .beginControlFlow("if (entry.getValue() == null)")
          .addStatement("values.setNull(j)")
          .nextControlFlow("else")
          .addStatement(JavaTypes.arrowSet(mt.value(), "values", "j", "entry.getValue()", support))
          .endControlFlow()
          .addStatement("j++")
          .endControlFlow()
          .addStatement("vector.endValue(i, value.size())");
    } else {
      int n = ((FieldType.VectorOf) t).dimension();
      m.beginControlFlow("if (value.length != $L)", n)
          .addStatement("throw new IllegalArgumentException($S + value.length + $S + i)",
              "column '" + c.name() + "' of entity " + s.entity() + " needs " + n + " floats but has ", " at row ")
          .endControlFlow()
          .addStatement("int start = vector.startNewValue(i)")
          .beginControlFlow("for (int j = 0; j < $L; j++)", n)
          .addStatement("data.setSafe(start + j, value[j])")
          .endControlFlow();
    }
    m.endControlFlow().addStatement("vector.setValueCount(n)");
    return m.build();
  }

  private static MethodSpec reader(CodegenModel model, FeatureSchema s, ColumnDef c) {
    ClassName vectorType = JavaTypes.columnVector(c);
    ClassName support = model.support();
    String setter = "set" + Names.pascal(c.name());
    MethodSpec.Builder m = MethodSpec.methodBuilder("read" + Names.pascal(c.name()))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(JavaTypes.FIELD_VECTOR, "source")
        .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, model.entity(s)), "rows")
        .addStatement("$T vector = $T.vector(source, $T.class, $S)", vectorType, support, vectorType, s.entity());
    FieldType t = c.type();
    if (t instanceof FieldType.ListOf l) {
      m.addStatement("$T data = ($T) vector.getDataVector()", JavaTypes.vector(l.element()), JavaTypes.vector(l.element()));
    } else if (t instanceof FieldType.MapOf mt) {
      ClassName values = JavaTypes.vector(mt.value());
      m.addStatement("$T entries = ($T) vector.getDataVector()", JavaTypes.STRUCT_VECTOR, JavaTypes.STRUCT_VECTOR)
          .addStatement("$T keys = ($T) entries.getChild($S)", JavaTypes.VARCHAR_VECTOR, JavaTypes.VARCHAR_VECTOR, "key")
          .addStatement("$T values = ($T) entries.getChild($S)", values, values, "value");
    } else if (t instanceof FieldType.VectorOf v) {
      m.beginControlFlow("if (vector.getListSize() != $L)", v.dimension())
          .addStatement("throw new IllegalArgumentException($S + vector.getListSize())",
              "column '" + c.name() + "' of entity " + s.entity() + " needs FixedSizeList(" + v.dimension() + ") but has ")
          .endControlFlow()
          .addStatement("$T data = ($T) vector.getDataVector()", JavaTypes.FLOAT4_VECTOR, JavaTypes.FLOAT4_VECTOR);
    }
    m.addStatement("int n = rows.size()")
        .beginControlFlow("for (int i = 0; i < n; i++)")
        .beginControlFlow("if (vector.isNull(i))");
    if (c.nullable()) {
      m.addStatement("rows.get(i).$L(null)", setter).addStatement("continue");
    } else {
      m.addStatement("throw $T.nullValue($S, $S, i)", support, s.entity(), c.name());
    }
    m.endControlFlow();
    if (t instanceof FieldType.Scalar sc) {
      m.addStatement("rows.get(i).$L($L)", setter, JavaTypes.arrowGet(sc.kind(), "vector", "i", support));
    } else if (t instanceof FieldType.ListOf l) {
      TypeName boxed = JavaTypes.boxed(l.element());
      m.addStatement("int end = vector.getElementEndIndex(i)")
          .addStatement("int start = vector.getElementStartIndex(i)")
          .addStatement("$T<$T> value = new $T<>(end - start)", JavaTypes.LIST, boxed, ARRAY_LIST)
          .beginControlFlow("for (int j = start; j < end; j++)")
          .addStatement("value.add(data.isNull(j) ? null : $L)", JavaTypes.arrowGet(l.element(), "data", "j", support))
          .endControlFlow()
          .addStatement("rows.get(i).$L(value)", setter);
    } else if (t instanceof FieldType.MapOf mt) {
      TypeName boxed = JavaTypes.boxed(mt.value());
      m.addStatement("int end = vector.getElementEndIndex(i)")
          .addStatement("$T<String, $T> value = new $T<>()", JavaTypes.MAP, boxed, ClassName.get("java.util", "LinkedHashMap"))
          .beginControlFlow("for (int j = vector.getElementStartIndex(i); j < end; j++)")
          .addStatement("value.put(new String(keys.get(j), $T.UTF_8), values.isNull(j) ? null : $L)",
              JavaTypes.UTF_8_HOLDER, JavaTypes.arrowGet(mt.value(), "values", "j", support))
          .endControlFlow()
          .addStatement("rows.get(i).$L(value)", setter);
    } else {
      int n = ((FieldType.VectorOf) t).dimension();
      m.addStatement("float[] value = new float[$L]", n)
          .addStatement("int start = i * $L", n)
          .beginControlFlow("for (int j = 0; j < $L; j++)", n)
          .addStatement("value[j] = data.get(start + j)")
          .endControlFlow()
          .addStatement("rows.get(i).$L(value)", setter);
    }
    m.endControlFlow();
    return m.build();
  }
}
