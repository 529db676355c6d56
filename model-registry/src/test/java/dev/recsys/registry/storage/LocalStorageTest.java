package dev.recsys.registry.storage;

import java.nio.file.Files;
import java.nio.file.Path;

class LocalStorageTest extends StorageContract {

  @Override
  ArtifactStorage storage() {
    return new LocalStorage(tmp.resolve("models"));
  }

  @Override
  Path staging() throws Exception {
    return Files.createDirectories(tmp.resolve("models").resolve(".staging"));
  }

  @Override
  void leaveHalfAVersion(ArtifactStorage s, String name, String version) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("models").resolve(name).resolve(version));
    Files.writeString(dir.resolve("model.txt"), "half");
  }
}
