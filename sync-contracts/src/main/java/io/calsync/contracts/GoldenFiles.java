package io.calsync.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The golden JSON bodies of the contract, shipped in this jar under {@value #DIRECTORY} so that the
 * tests of every producer and consumer check themselves against the same examples. A file is named
 * {@code <ce_type>.json} or {@code <ce_type>--<variant>.json}; {@value #INDEX} lists them all.
 */
public final class GoldenFiles {

  /** Classpath directory of the golden files. */
  public static final String DIRECTORY = "io/calsync/contracts/golden/";

  /** Classpath resource listing the golden file names, one a line. */
  public static final String INDEX = DIRECTORY + "index.txt";

  private static final String VARIANT_SEPARATOR = "--";

  private GoldenFiles() {}

  /**
   * One golden body.
   *
   * @param ceType the type of the body
   * @param fileName e.g. {@code io.calsync.calendar.event-changed.v1--cancelled-id-only.json}
   */
  public record GoldenFile(String ceType, String fileName) {

    /** The registered type of this file. */
    public EventType<?> type() {
      return EventTypes.byCeType(ceType)
          .orElseThrow(() -> new IllegalStateException("unregistered golden type " + ceType));
    }

    /** Classpath resource of this file. */
    public String resource() {
      return DIRECTORY + fileName;
    }

    /** The JSON body as stored. */
    public String json() {
      return new String(read(resource()), StandardCharsets.UTF_8);
    }

    /** The body read into its contract record. */
    public ContractMessage body() {
      try {
        return ContractJson.newMapper().readValue(read(resource()), type().bodyClass());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read golden file " + fileName, e);
      }
    }
  }

  /** Every golden file. */
  public static List<GoldenFile> all() {
    return new String(read(INDEX), StandardCharsets.UTF_8)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .map(GoldenFiles::parse)
        .toList();
  }

  /** The golden files of one {@code ce_type}. */
  public static List<GoldenFile> of(String ceType) {
    return all().stream().filter(file -> file.ceType().equals(ceType)).toList();
  }

  /** The golden file named {@code <ceType>.json}, the main example of a type. */
  public static GoldenFile primary(String ceType) {
    return all().stream()
        .filter(file -> file.fileName().equals(ceType + ".json"))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no golden file for " + ceType));
  }

  static GoldenFile parse(String fileName) {
    if (!fileName.endsWith(".json")) {
      throw new IllegalArgumentException("golden file is not .json: " + fileName);
    }
    String stem = fileName.substring(0, fileName.length() - ".json".length());
    int variant = stem.indexOf(VARIANT_SEPARATOR);
    return new GoldenFile(variant < 0 ? stem : stem.substring(0, variant), fileName);
  }

  private static byte[] read(String resource) {
    try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
