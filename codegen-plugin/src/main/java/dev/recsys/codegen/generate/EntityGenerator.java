package dev.recsys.codegen.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recsys.codegen.schema.ColumnDef;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.Names;
import dev.recsys.codegen.schema.ScalarKind;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** {@code XFeatures} JPA entities and, for composite keys, their {@code XFeaturesKey} id classes. */
public final class EntityGenerator implements Generator {
  private static final String JPA = "jakarta.persistence";

  @Override
  public String name() {
    return "entities";
  }

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    List<JavaFile> files = new ArrayList<>();
    for (FeatureSchema s : model.schemas()) {
      files.add(JavaFile.builder(model.packageName(), entity(model, s))
          .addFileComment(CodegenModel.header(s)).skipJavaLangImports(true).build());
      if (s.compositeKey()) {
        files.add(JavaFile.builder(model.packageName(), key(model, s))
            .addFileComment(CodegenModel.header(s)).skipJavaLangImports(true).build());
      }
    }
    return files;
  }

  private TypeSpec entity(CodegenModel model, FeatureSchema s) {
    ClassName self = model.entity(s);
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("$L\n", javadocText(s.description()))
        .addJavadoc("<p>Entity {@code $L}, table {@code $L}, key {@code $L}. The table is created by a\n"
            + "Flyway migration, not by Hibernate.\n", s.entity(), s.table(), String.join(", ", s.key()))
        .addAnnotation(ClassName.get(JPA, "Entity"))
        .addAnnotation(AnnotationSpec.builder(ClassName.get(JPA, "Table"))
            .addMember("name", "$S", s.table()).build());
    if (s.compositeKey()) {
      type.addAnnotation(AnnotationSpec.builder(ClassName.get(JPA, "IdClass"))
          .addMember("value", "$T.class", model.key(s)).build());
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("For JPA and for {@code fromArrow}; fields start at their schema defaults.\n").build());
    for (ColumnDef c : s.columns()) {
      String field = Names.camel(c.name());
      TypeName javaType = JavaTypes.fieldType(c);
      FieldSpec.Builder f = FieldSpec.builder(javaType, field, Modifier.PRIVATE);
      if (s.key().contains(c.name())) {
        f.addAnnotation(ClassName.get(JPA, "Id"));
      }
      AnnotationSpec.Builder column = AnnotationSpec.builder(ClassName.get(JPA, "Column"))
          .addMember("name", "$S", c.name())
          .addMember("nullable", "$L", c.nullable());
      if (c.scalarKind() == ScalarKind.DECIMAL) {
        column.addMember("precision", "$L", c.precision()).addMember("scale", "$L", c.scale());
      }
      f.addAnnotation(column.build());
      String converter = JavaTypes.converterName(c.type());
      if (converter != null) {
        f.addAnnotation(AnnotationSpec.builder(ClassName.get(JPA, "Convert"))
            .addMember("converter", "$T.class", model.converters().nestedClass(converter)).build());
      }
      if (c.defaultValue() != null) {
        f.initializer(JavaTypes.defaultLiteral(c.scalarKind(), c.defaultValue()));
      }
      type.addField(f.build());
    }
    for (ColumnDef c : s.columns()) {
      addAccessors(type, c, JavaTypes.fieldType(c), c.description() + " Schema type {@code "
          + c.type().spelling() + "}" + (c.nullable() ? ", nullable." : ", not null."));
    }
    return type.build();
  }

  private static String javadocText(String description) {
    String text = description.isBlank() ? "Feature row." : description.strip();
    return text;
  }

  private static void addAccessors(TypeSpec.Builder type, ColumnDef c, TypeName javaType, String doc) {
    String field = Names.camel(c.name());
    String pascal = Names.pascal(c.name());
    type.addMethod(MethodSpec.methodBuilder("get" + pascal).addModifiers(Modifier.PUBLIC)
        .addJavadoc("$L\n", doc.strip())
        .returns(javaType).addStatement("return $N", field).build());
    type.addMethod(MethodSpec.methodBuilder("set" + pascal).addModifiers(Modifier.PUBLIC)
        .addParameter(javaType, field).addStatement("this.$N = $N", field, field).build());
  }

  /** The {@code @IdClass}: field names and types must match the entity's {@code @Id} fields. */
  private TypeSpec key(CodegenModel model, FeatureSchema s) {
    ClassName self = model.key(s);
    List<ColumnDef> keys = s.keyColumns();
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC)
        .addSuperinterface(ClassName.get("java.io", "Serializable"))
        .addJavadoc("Primary key of {@link $T} ($L), for {@code @IdClass} and\n"
            + "{@code findAllById}.\n", model.entity(s), String.join(", ", s.key()))
        .addField(FieldSpec.builder(TypeName.LONG, "serialVersionUID",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer("1L").build());
    MethodSpec.Builder all = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
    CodeBlock.Builder equals = CodeBlock.builder();
    List<String> names = new ArrayList<>();
    CodeBlock.Builder toString = CodeBlock.builder();
    for (ColumnDef c : keys) {
      String field = Names.camel(c.name());
      TypeName javaType = JavaTypes.fieldType(c);
      type.addField(javaType, field, Modifier.PRIVATE);
      all.addParameter(javaType, field).addStatement("this.$N = $N", field, field);
      if (!equals.isEmpty()) {
        equals.add("\n    && ");
      }
      if (javaType.isPrimitive()) {
        equals.add("$N == other.$N", field, field);
      } else {
        equals.add("$T.equals($N, other.$N)", ClassName.get("java.util", "Objects"), field, field);
      }
      names.add(field);
      toString.add(names.size() == 1 ? "$S + $N" : " + $S + $N",
          (names.size() == 1 ? self.simpleName() + "[" : ", ") + field + "=", field);
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
    type.addMethod(all.build());
    for (ColumnDef c : keys) {
      addAccessors(type, c, JavaTypes.fieldType(c), "Key column {@code " + c.name() + "}.");
    }
    type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN).addParameter(Object.class, "o")
        .beginControlFlow("if (this == o)").addStatement("return true").endControlFlow()
        .beginControlFlow("if (!(o instanceof $T))", self).addStatement("return false").endControlFlow()
        .addStatement("$T other = ($T) o", self, self)
        .addStatement("return $L", equals.build())
        .build());
    type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
        .addStatement("return $T.hash($L)", ClassName.get("java.util", "Objects"), String.join(", ", names))
        .build());
    type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(String.class)
        .addStatement("return $L + $S", toString.build(), "]")
        .build());
    return type.build();
  }
}
