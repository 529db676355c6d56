package dev.recsys.codegen.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recsys.codegen.schema.ColumnDef;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.Names;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** {@code XFeaturesAccess}: the Spring {@code @Component} implementing {@code FeatureAccess} per schema. */
public final class AccessGenerator implements Generator {

  @Override
  public String name() {
    return "access";
  }

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    List<JavaFile> files = new ArrayList<>();
    for (FeatureSchema s : model.schemas()) {
      files.add(JavaFile.builder(model.packageName(), access(model, s))
          .addFileComment(CodegenModel.header(s)).skipJavaLangImports(true).build());
    }
    return files;
  }

  private TypeSpec access(CodegenModel model, FeatureSchema s) {
    ClassName entity = model.entity(s);
    ClassName repository = model.repository(s);
    ClassName arrow = model.arrow(s);
    ClassName support = model.support();
    TypeName id = RepositoryGenerator.idType(model, s);
    TypeName strings = ParameterizedTypeName.get(JavaTypes.LIST, JavaTypes.STRING);
    List<ColumnDef> keys = s.keyColumns();
    String keyDoc = s.compositeKey()
        ? "Keys are " + String.join("|", s.key()) + " (string forms joined by '|'); the batch read is\n"
            + "{@code findAllById}, which Spring Data resolves one id at a time for composite keys."
        : "Keys are " + s.key().get(0) + " values; the batch read is one {@code "
            + RepositoryGenerator.arrayRead(s) + "} query.";

    TypeSpec.Builder type = TypeSpec.classBuilder(model.access(s))
        .addModifiers(Modifier.PUBLIC)
        .addSuperinterface(model.type("FeatureAccess"))
        .addAnnotation(ClassName.get("org.springframework.stereotype", "Component"))
        .addJavadoc("{@link $T} for entity {@code $L}. $L\n"
            + "<p>{@link #upsert} has merge semantics by primary key: {@code saveAll} merges each row, replacing\n"
            + "an existing row with the same key. (Spring Data treats a primitive key of 0 as new and inserts\n"
            + "it.) Thread-safe: it holds only the repository.\n", model.type("FeatureAccess"), s.entity(), keyDoc)
        .addField(repository, "repository", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
            .addParameter(repository, "repository").addStatement("this.repository = repository").build())
        .addMethod(MethodSpec.methodBuilder("entity").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(String.class).addStatement("return $S", s.entity()).build())
        .addMethod(MethodSpec.methodBuilder("arrowSchema").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(JavaTypes.ARROW_SCHEMA).addStatement("return $T.schema()", arrow).build());

    MethodSpec.Builder read = MethodSpec.methodBuilder("read").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(JavaTypes.ROOT)
        .addParameter(strings, "keys").addParameter(strings, "columns")
        .addParameter(JavaTypes.ALLOCATOR, "allocator").addParameter(strings, "missingKeys")
        .addComment("Parse every key first so a bad key fails the request before any query.")
        .addStatement("$T<String, $T> parsed = new $T<>()", JavaTypes.MAP, id, ClassName.get("java.util", "LinkedHashMap"))
        .beginControlFlow("for (String key : keys)")
        .beginControlFlow("if (!parsed.containsKey(key))")
        .addStatement("parsed.put(key, parseKey(key))")
        .endControlFlow()
        .endControlFlow()
        .addStatement("$T<String, $T> byKey = new $T<>()", JavaTypes.MAP, entity, ClassName.get("java.util", "HashMap"));
    if (s.compositeKey()) {
      read.beginControlFlow("for ($T row : repository.findAllById(parsed.values()))", entity);
    } else {
      read.beginControlFlow("for ($T row : repository.$L(parsed.values().toArray($T[]::new)))", entity,
          RepositoryGenerator.arrayRead(s), id);
    }
    read.addStatement("byKey.put($L, row)", canonical(support, keys, "row"))
        .endControlFlow()
        .addStatement("$T<$T> rows = new $T<>(parsed.size())", JavaTypes.LIST, entity, ClassName.get("java.util", "ArrayList"))
        .beginControlFlow("for ($T.Entry<String, $T> entry : parsed.entrySet())", JavaTypes.MAP, id);
    if (s.compositeKey()) {
      read.addStatement("$T id = entry.getValue()", id);
      read.addStatement("$T row = byKey.get($L)", entity, canonical(support, keys, "id"));
    } else {
      read.addStatement("$T row = byKey.get($T.canonical(entry.getValue()))", entity, support);
    }
    read.beginControlFlow("if (row == null)")
        .addStatement("missingKeys.add(entry.getKey())")
        .nextControlFlow("else")
        .addStatement("rows.add(row)")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return $T.toArrow(rows, columns, allocator)", arrow);
    type.addMethod(read.build());

    type.addMethod(MethodSpec.methodBuilder("upsert").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(int.class).addParameter(JavaTypes.ROOT, "batch")
        .addStatement("$T<$T> rows = $T.fromArrow(batch)", JavaTypes.LIST, entity, arrow)
        .addStatement("repository.saveAll(rows)")
        .addStatement("return rows.size()")
        .build());

    MethodSpec.Builder parse = MethodSpec.methodBuilder("parseKey").addModifiers(Modifier.STATIC)
        .addJavadoc("The typed key for a request key string.\n\n"
            + "@throws IllegalArgumentException naming the key and the expected type\n")
        .returns(id).addParameter(String.class, "key");
    if (s.compositeKey()) {
      parse.addStatement("String[] parts = $T.splitKey(key, $S, $S)", support, s.entity(), String.join("|", s.key()));
      CodeBlock.Builder args = CodeBlock.builder();
      for (int i = 0; i < keys.size(); i++) {
        args.add(i == 0 ? "$L" : ", $L", parsePart(support, s, keys.get(i), "parts[" + i + "]"));
      }
      parse.addStatement("return new $T($L)", id, args.build());
    } else {
      parse.addStatement("return $L", parsePart(support, s, keys.get(0), "key"));
    }
    type.addMethod(parse.build());
    return type.build();
  }

  /** Expression for the canonical key text of an entity or key object {@code var}. */
  private static CodeBlock canonical(ClassName support, List<ColumnDef> keys, String var) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (int i = 0; i < keys.size(); i++) {
      b.add(i == 0 ? "$T.canonical($L.get$L())" : " + \"|\" + $T.canonical($L.get$L())",
          support, var, Names.pascal(keys.get(i).name()));
    }
    return b.build();
  }

  private static CodeBlock parsePart(ClassName support, FeatureSchema s, ColumnDef c, String text) {
    return switch (c.scalarKind()) {
      case STRING -> CodeBlock.of("$L", text);
      case BOOL -> CodeBlock.of("$T.parseBool($L, key, $S, $S)", support, text, s.entity(), c.name());
      case INT -> CodeBlock.of("$T.parseInt($L, key, $S, $S)", support, text, s.entity(), c.name());
      case LONG -> CodeBlock.of("$T.parseLong($L, key, $S, $S)", support, text, s.entity(), c.name());
      case TIMESTAMP -> CodeBlock.of("$T.parseTimestamp($L, key, $S, $S)", support, text, s.entity(), c.name());
      case DECIMAL -> CodeBlock.of("$T.parseDecimal($L, key, $S, $S)", support, text, s.entity(), c.name());
      default -> throw new IllegalStateException("not a key type: " + c.type().spelling());
    };
  }
}
