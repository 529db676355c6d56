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
import java.util.List;
import javax.lang.model.element.Modifier;

/** {@code FeatureCatalog}: every schema as data, for the service to list and look up at runtime. */
public final class CatalogGenerator implements Generator {

  @Override
  public String name() {
    return "catalog";
  }

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    ClassName self = model.type("FeatureCatalog");
    ClassName entityDef = self.nestedClass("EntityDef");
    ClassName columnDef = self.nestedClass("ColumnDef");
    ClassName duration = ClassName.get("java.time", "Duration");
    TypeName strings = ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.STRING);

    TypeSpec column = TypeSpec.recordBuilder(columnDef)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A column; {@code type} as written in the schema, e.g. {@code list<string>}.\n")
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(String.class, "name").addParameter(String.class, "type")
            .addParameter(boolean.class, "nullable").addParameter(String.class, "description").build())
        .build();
    TypeSpec entity = TypeSpec.recordBuilder(entityDef)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("An entity; {@code cacheTtl} is null when the schema sets none.\n")
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(String.class, "name").addParameter(String.class, "table")
            .addParameter(strings, "key")
            .addParameter(ParameterizedTypeName.get(JavaTypes.LIST, columnDef), "columns")
            .addParameter(duration, "cacheTtl").addParameter(String.class, "description").build())
        .build();

    CodeBlock.Builder all = CodeBlock.builder();
    for (int i = 0; i < model.schemas().size(); i++) {
      FeatureSchema s = model.schemas().get(i);
      CodeBlock.Builder keys = CodeBlock.builder();
      for (int k = 0; k < s.key().size(); k++) {
        keys.add(k == 0 ? "$S" : ", $S", s.key().get(k));
      }
      CodeBlock.Builder columns = CodeBlock.builder();
      for (int c = 0; c < s.columns().size(); c++) {
        ColumnDef col = s.columns().get(c);
        columns.add(c == 0 ? "\n$L" : ",\n$L", CodeBlock.of("new $T($S, $S, $L, $S)", columnDef, col.name(),
            col.type().spelling(), col.nullable(), col.description()));
      }
      CodeBlock ttl = s.cacheTtl() == null ? CodeBlock.of("null")
          : CodeBlock.of("$T.parse($S)", duration, s.cacheTtl().toString());
      all.add(i == 0 ? "\n" : ",\n");
      all.add("new $T($S, $S, $T.of($L), $T.of($>$>$L$<$<),\n    $L, $S)",
          entityDef, s.entity(), s.table(), JavaTypes.LIST, keys.build(), JavaTypes.LIST, columns.build(),
          ttl, s.description());
    }
    TypeSpec type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Every feature entity this build knows, sorted by name. Immutable.\n")
        .addType(entity)
        .addType(column)
        .addField(FieldSpec.builder(ParameterizedTypeName.get(JavaTypes.LIST, entityDef), "ENTITIES",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.of($>$L$<)", JavaTypes.LIST, all.build()).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("entities").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("All entities, sorted by name.\n")
            .returns(ParameterizedTypeName.get(JavaTypes.LIST, entityDef)).addStatement("return ENTITIES").build())
        .addMethod(MethodSpec.methodBuilder("entity").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("The entity named {@code name}, if any.\n")
            .returns(ParameterizedTypeName.get(ClassName.get("java.util", "Optional"), entityDef))
            .addParameter(String.class, "name")
            .addStatement("return ENTITIES.stream().filter(e -> e.name().equals(name)).findFirst()")
            .build())
        .build();
    return List.of(JavaFile.builder(model.packageName(), type).addFileComment(model.header())
        .skipJavaLangImports(true).build());
  }
}
