package dev.recsys.modelclient;

import java.nio.file.Path;

/**
 * Turns a verified local folder into a servable model. It should also warm the model up (one
 * call through it), so that the first request after a swap is not the one that pays for lazy
 * initialization, and throw when the model is not servable by this build.
 */
@FunctionalInterface
public interface ModelLoader<M extends AutoCloseable> {
  M load(Path dir) throws Exception;
}
