package dev.recsys.experiment;

import java.util.List;

/** A request named a scene the live config does not define. */
public class UnknownSceneException extends RuntimeException {
  private final String scene;
  private final List<String> knownScenes;

  public UnknownSceneException(String scene, List<String> knownScenes) {
    super("unknown scene '" + scene + "'; known scenes: " + knownScenes);
    this.scene = scene;
    this.knownScenes = List.copyOf(knownScenes);
  }

  public String scene() {
    return scene;
  }

  public List<String> knownScenes() {
    return knownScenes;
  }
}
