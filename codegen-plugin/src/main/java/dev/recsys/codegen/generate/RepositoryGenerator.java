package dev.recsys.codegen.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.recsys.codegen.schema.ColumnDef;
import dev.recsys.codegen.schema.FeatureSchema;
import dev.recsys.codegen.schema.Names;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** {@code XFeaturesRepository}: Spring Data JPA repositories with a batch read. */
public final class RepositoryGenerator implements Generator {
  static final ClassName JPA_REPOSITORY =
      ClassName.get("org.springframework.data.jpa.repository", "JpaRepository");

  @Override
  public String name() {
    return "repositories";
  }

  private static final ClassName QUERY = ClassName.get("org.springframework.data.jpa.repository", "Query");
  private static final ClassName PARAM = ClassName.get("org.springframework.data.repository.query", "Param");

  @Override
  public List<JavaFile> generate(CodegenModel model) {
    List<JavaFile> files = new ArrayList<>();
    for (FeatureSchema s : model.schemas()) {
      TypeSpec.Builder type = TypeSpec.interfaceBuilder(model.repository(s))
          .addModifiers(Modifier.PUBLIC)
          .addSuperinterface(ParameterizedTypeName.get(JPA_REPOSITORY, model.entity(s), idType(model, s)));
      if (s.compositeKey()) {
        type.addJavadoc("Repository of {@link $T}. Batch reads use the inherited\n"
            + "{@code findAllById(Iterable<$T>)}; note that Spring Data resolves composite ids one\n"
            + "lookup at a time (first-level cache applies), as JPQL has no portable tuple IN.\n",
            model.entity(s), model.key(s));
      } else {
        ColumnDef key = s.keyColumns().get(0);
        type.addJavadoc("Repository of {@link $T}; {@link #$L} is the one-query batch read.\n",
            model.entity(s), batchRead(s));
        type.addMethod(MethodSpec.methodBuilder(batchRead(s))
            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("All rows whose {@code $L} is in {@code ids}, in no particular order, one query.\n"
                + "Portable JPQL; {@link #$L} is the faster form the generated access uses.\n", key.name(), arrayRead(s))
            .returns(ParameterizedTypeName.get(JavaTypes.LIST, model.entity(s)))
            .addParameter(ParameterizedTypeName.get(ClassName.get("java.util", "Collection"),
                JavaTypes.fieldType(key).box()), "ids")
            .build());
        // One array parameter instead of an IN list: Hibernate otherwise expands and re-renders
        // one bind parameter per key on every call, which the feature-read benchmark showed to
        // cost more than the database does. "= ANY(array)" works on PostgreSQL and H2.
        type.addMethod(MethodSpec.methodBuilder(arrayRead(s))
            .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addAnnotation(AnnotationSpec.builder(QUERY)
                .addMember("value", "$S", "SELECT * FROM " + s.table() + " WHERE " + key.name() + " = ANY(:ids)")
                .addMember("nativeQuery", "true").build())
            .addJavadoc("All rows whose {@code $L} is in {@code ids}, in no particular order: one native query\n"
                + "binding the keys as a single SQL array (PostgreSQL, H2).\n", key.name())
            .returns(ParameterizedTypeName.get(JavaTypes.LIST, model.entity(s)))
            .addParameter(ParameterSpec.builder(ArrayTypeName.of(JavaTypes.fieldType(key).box()), "ids")
                .addAnnotation(AnnotationSpec.builder(PARAM).addMember("value", "$S", "ids").build()).build())
            .build());
      }
      files.add(JavaFile.builder(model.packageName(), type.build())
          .addFileComment(CodegenModel.header(s)).skipJavaLangImports(true).build());
    }
    return files;
  }

  static String arrayRead(FeatureSchema s) {
    return "findAllBy" + Names.pascal(s.key().get(0)) + "Array";
  }

  static String batchRead(FeatureSchema s) {
    return "findAllBy" + Names.pascal(s.key().get(0)) + "In";
  }

  static TypeName idType(CodegenModel model, FeatureSchema s) {
    return s.compositeKey() ? model.key(s) : JavaTypes.fieldType(s.keyColumns().get(0)).box();
  }
}
