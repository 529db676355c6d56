package dev.recsys.experiment.reload;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The history of accepted experiment configs, shared by every gateway replica: a folder of
 * immutable entries {@code 00000001.properties}, {@code 00000002.properties} ..., the highest being
 * the live config. Appending is optimistic: an entry is written to a private temporary file and
 * hard-linked to the next sequence number, which fails if another replica took that number first
 * (link(2) never replaces). Replicas poll the folder and apply the newest entry, so they converge
 * within a poll interval. On Kubernetes the folder is a ReadWriteMany volume.
 */
public final class ConfigStore {

  private static final String SUFFIX = ".properties";

  private final Path dir;

  public ConfigStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("experiment config store " + dir + " cannot be created", e);
    }
  }

  /**
   * One accepted config.
   *
   * @param seq position in the history, from 1
   * @param source {@code file:<path>}, {@code admin}, {@code rollback} or {@code bundled}
   * @param actor who made the change (the admin API's actor header; {@code system} for files)
   * @param sha256 of {@code yaml}, to tell identical content apart from a change
   */
  public record Entry(long seq, String version, String source, String actor, Instant at, String sha256, String yaml) {}

  public Path dir() {
    return dir;
  }

  /** Every entry, oldest first. */
  public List<Entry> history() {
    List<Entry> out = new ArrayList<>();
    for (long seq : sequences()) {
      read(seq).ifPresent(out::add);
    }
    return out;
  }

  /** The live (newest) entry, if any. */
  public Optional<Entry> latest() {
    List<Long> seqs = sequences();
    for (int i = seqs.size() - 1; i >= 0; i--) {
      Optional<Entry> e = read(seqs.get(i));
      if (e.isPresent()) {
        return e;
      }
    }
    return Optional.empty();
  }

  /** The newest sequence number, or 0; cheap enough to poll every second. */
  public long latestSeq() {
    List<Long> seqs = sequences();
    return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
  }

  /**
   * Appends an entry as number {@code expectedLatest + 1}.
   *
   * @return the entry, or empty when another writer appended first (re-read and decide again)
   */
  public Optional<Entry> append(long expectedLatest, String version, String source, String actor, Instant at,
      String yaml) {
    Entry entry = new Entry(expectedLatest + 1, version, source, actor, at, sha256(yaml), yaml);
    Properties p = new Properties();
    p.setProperty("seq", Long.toString(entry.seq()));
    p.setProperty("version", version);
    p.setProperty("source", source);
    p.setProperty("actor", actor);
    p.setProperty("at", at.toString());
    p.setProperty("sha256", entry.sha256());
    p.setProperty("yaml", yaml);
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, ".entry-", ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "experiment config " + version);
      }
      Files.createLink(dir.resolve(name(entry.seq())), tmp);
      return Optional.of(entry);
    } catch (FileAlreadyExistsException lost) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the experiment config store " + dir + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover hidden temp file is never read
        }
      }
    }
  }

  /** Entry {@code seq}, if the store has it. */
  public Optional<Entry> read(long seq) {
    Path file = dir.resolve(name(seq));
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      return Optional.of(new Entry(seq, p.getProperty("version"), p.getProperty("source"), p.getProperty("actor"),
          Instant.parse(p.getProperty("at")), p.getProperty("sha256"), p.getProperty("yaml")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not an entry this store wrote; skipped rather than trusted
    }
  }

  private List<Long> sequences() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d{8}\\" + SUFFIX))
          .map(n -> Long.parseLong(n.substring(0, 8))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the experiment config store " + dir, e);
    }
  }

  private static String name(long seq) {
    return String.format("%08d%s", seq, SUFFIX);
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
