package dev.recsys.registry;

import dev.recsys.registry.storage.ArtifactStorage;
import dev.recsys.registry.storage.LocalStorage;
import dev.recsys.registry.storage.S3Storage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses where artifacts live from {@code recsys.registry.storage}. */
@Configuration
class StorageConfig {

  @Bean
  ArtifactStorage artifactStorage(RegistryProperties props) {
    if (props.root() == null) {
      throw new IllegalStateException("recsys.registry.root is not set; point it at the models folder");
    }
    return switch (props.storage()) {
      case LOCAL -> new LocalStorage(props.root());
      case S3 -> {
        if (props.s3() == null) {
          throw new IllegalStateException("recsys.registry.storage=s3 needs recsys.registry.s3.bucket (and endpoint,"
              + " region, access-key, secret-key for an S3-compatible server)");
        }
        yield new S3Storage(props.s3());
      }
    };
  }
}
