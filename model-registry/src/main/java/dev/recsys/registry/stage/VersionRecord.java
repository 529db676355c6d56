package dev.recsys.registry.stage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A published version as the registry's database records it ({@code model_versions}). */
@Entity
@Table(name = "model_versions")
@IdClass(VersionRecord.Key.class)
public class VersionRecord {

  /** The composite primary key. */
  public static class Key implements Serializable {
    private String name;
    private String version;

    public Key() {}

    public Key(String name, String version) {
      this.name = name;
      this.version = version;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && name.equals(k.name) && version.equals(k.version);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, version);
    }
  }

  @Id
  @Column(name = "name", nullable = false)
  private String name;

  @Id
  @Column(name = "version", nullable = false)
  private String version;

  @Column(name = "type", nullable = false)
  private String type;

  @Column(name = "sha256", nullable = false)
  private String sha256;

  @Column(name = "size_bytes", nullable = false)
  private long sizeBytes;

  @Enumerated(EnumType.STRING)
  @Column(name = "stage", nullable = false)
  private Stage stage;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected VersionRecord() {}

  public VersionRecord(String name, String version, String type, String sha256, long sizeBytes, Stage stage,
      Instant createdAt) {
    this.name = name;
    this.version = version;
    this.type = type;
    this.sha256 = sha256;
    this.sizeBytes = sizeBytes;
    this.stage = stage;
    this.createdAt = createdAt;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public String type() {
    return type;
  }

  public String sha256() {
    return sha256;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public Stage stage() {
    return stage;
  }

  void stage(Stage s) {
    this.stage = s;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
