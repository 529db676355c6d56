package dev.recsys.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts in an S3-compatible bucket under {@code <prefix>/<name>/<version>/<file>}.
 *
 * <p>S3 has no atomic rename, so {@code metadata.json} is the commit marker: it is uploaded after
 * every other file, and a version without it is not listed. An upload cut short leaves invisible
 * files that the next publish of that version overwrites. The existence check and the upload are
 * not one transaction, so two registry replicas publishing the same version at once could both
 * succeed; the registry runs as one writer (see the module README).
 */
public final class S3Storage implements ArtifactStorage, AutoCloseable {

  /**
   * How to reach the bucket.
   *
   * @param endpoint the S3 API's URL; blank for AWS itself
   * @param region signing region (S3-compatible servers accept any, commonly us-east-1)
   * @param bucket an existing bucket; the registry does not create it
   * @param prefix key prefix, without a trailing slash; blank for the bucket root
   * @param accessKey static credentials; blank to use the default AWS chain (env, profile, IRSA)
   * @param secretKey the access key's secret
   * @param pathStyle {@code http://host/bucket/key} URLs, which most S3-compatible servers need
   *     (default true; false for virtual-hosted AWS buckets)
   */
  public record Settings(String endpoint, String region, String bucket, String prefix, String accessKey,
      String secretKey, Boolean pathStyle) {}

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3Storage(Settings settings) {
    if (settings.bucket() == null || settings.bucket().isBlank()) {
      throw new IllegalStateException("recsys.registry.s3.bucket is not set; name an existing bucket");
    }
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region()))
        .forcePathStyle(settings.pathStyle() == null || settings.pathStyle())
        // Checksums only where S3 requires them: many S3-compatible servers reject the newer
        // trailing-checksum uploads; the registry checks its own sha256 of every file anyway.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      b.endpointOverride(URI.create(settings.endpoint()));
    }
    b.credentialsProvider(settings.accessKey() == null || settings.accessKey().isBlank()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    this.s3 = b.build();
    this.bucket = settings.bucket();
    String p = settings.prefix() == null ? "" : settings.prefix().replaceAll("^/+|/+$", "");
    this.prefix = p.isEmpty() ? "" : p + "/";
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (S3Exception e) {
      s3.close();
      throw new IllegalStateException("S3 bucket '" + bucket + "' at " + settings.endpoint() + " is not usable ("
          + e.statusCode() + " " + e.awsErrorDetails().errorCode() + "); create it and grant this registry"
          + " s3:ListBucket, s3:GetObject and s3:PutObject", e);
    }
  }

  @Override
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (CommonPrefix p : s3.listObjectsV2Paginator(list(prefix).delimiter("/").build()).commonPrefixes()) {
      String name = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
      if (!name.startsWith(".") && !versions(name).isEmpty()) {
        out.add(name);
      }
    }
    return out.stream().sorted().toList();
  }

  @Override
  public List<String> versions(String name) {
    String under = prefix + name + "/";
    TreeSet<String> out = new TreeSet<>();
    for (S3Object o : s3.listObjectsV2Paginator(list(under).build()).contents()) {
      String rest = o.key().substring(under.length());
      int slash = rest.indexOf('/');
      if (slash > 0 && rest.substring(slash + 1).equals(METADATA)) {
        out.add(rest.substring(0, slash));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public boolean exists(String name, String version) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key(name, version, METADATA)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void commit(String name, String version, Path staged) throws IOException {
    if (exists(name, version)) {
      throw new VersionExistsException(name, version);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(staged)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      if (!f.getFileName().toString().equals(METADATA)) {
        put(name, version, f);
      }
    }
    put(name, version, staged.resolve(METADATA)); // last: the version becomes visible here
  }

  private void put(String name, String version, Path file) throws IOException {
    long size = Files.size(file);
    s3.putObject(r -> r.bucket(bucket).key(key(name, version, file.getFileName().toString())).contentLength(size),
        RequestBody.fromFile(file));
  }

  @Override
  public List<StoredFile> files(String name, String version) {
    String under = prefix + name + "/" + version + "/";
    List<StoredFile> out = new ArrayList<>();
    for (S3Object o : s3.listObjectsV2Paginator(list(under).delimiter("/").build()).contents()) {
      out.add(new StoredFile(o.key().substring(under.length()), o.size()));
    }
    out.sort(java.util.Comparator.comparing(StoredFile::name));
    return out;
  }

  @Override
  public Optional<InputStream> open(String name, String version, String file) {
    try {
      return Optional.of(s3.getObject(r -> r.bucket(bucket).key(key(name, version, file))));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + prefix;
  }

  private ListObjectsV2Request.Builder list(String under) {
    return ListObjectsV2Request.builder().bucket(bucket).prefix(under);
  }

  private String key(String name, String version, String file) {
    return prefix + name + "/" + version + "/" + file;
  }

  @Override
  public void close() {
    s3.close();
  }
}
