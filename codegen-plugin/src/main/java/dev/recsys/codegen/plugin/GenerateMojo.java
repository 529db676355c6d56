package dev.recsys.codegen.plugin;

import dev.recsys.codegen.Codegen;
import dev.recsys.codegen.CodegenRequest;
import dev.recsys.codegen.schema.SchemaException;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates JPA entities, Spring Data repositories, Arrow converters, {@code FeatureAccess}
 * components and {@code FeatureCatalog} from feature schema files. Thin: builds a
 * {@link CodegenRequest} and hands it to {@link Codegen}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** Directory searched recursively for {@code *.yaml} feature schemas, one entity per file. */
  @Parameter(property = "recsys.codegen.schemaDirectory", defaultValue = "${project.basedir}/src/main/features")
  private File schemaDirectory;

  /** Where sources are generated; added as a compile source root. Owned by the plugin. */
  @Parameter(property = "recsys.codegen.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/features")
  private File outputDirectory;

  /** Java package of every generated class, e.g. {@code dev.recsys.features.generated}. */
  @Parameter(property = "recsys.codegen.packageName", required = true)
  private String packageName;

  /** Skip generation (the source root is not added either). */
  @Parameter(property = "recsys.codegen.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Feature codegen skipped.");
      return;
    }
    CodegenRequest request = new CodegenRequest(schemaDirectory.toPath(), outputDirectory.toPath(),
        packageName, project.getBasedir() == null ? null : project.getBasedir().toPath());
    try {
      new Codegen(getLog()::info).run(request);
    } catch (SchemaException e) {
      // The message lists every file:line:col problem; Maven prints it as the build failure.
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Feature codegen failed: " + e.getMessage(), e);
    }
    // Added even when up to date: the compiler needs the root on every build.
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
  }
}
