package dev.recsys.experiment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link SceneExperiment} implementation, e.g. {@code @Experiment("rank.lightgbm")}. The
 * name is what arms refer to in the config ({@code experiment: rank.lightgbm}), so renaming a
 * class never breaks a config, but renaming this value does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Experiment {
  /** Stable experiment name used in config, logs and metrics. */
  String value();
}
