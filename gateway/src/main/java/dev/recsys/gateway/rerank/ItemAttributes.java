package dev.recsys.gateway.rerank;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.recsys.api.arrow.ArrowCodec;
import dev.recsys.api.arrow.Column;
import dev.recsys.api.arrow.ColumnBatch;
import dev.recsys.api.v1.GetFeaturesRequest;
import dev.recsys.api.v1.GetFeaturesResponse;
import dev.recsys.gateway.config.GatewayProperties;
import dev.recsys.gateway.downstream.Downstreams;
import dev.recsys.gateway.downstream.Guard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Category and year of items, from feature-service's {@code item} entity, cached (catalogue
 * attributes change rarely; a rerank needs a hundred of them per request). Unknown items are
 * cached too, as {@link Attributes#UNKNOWN}, so they are not asked for again on every request.
 */
@Component
public class ItemAttributes {

  /** What the rerank layer knows of an item; nulls when the catalogue has no value. */
  public record Attributes(String category, Integer year) {
    public static final Attributes UNKNOWN = new Attributes(null, null);
  }

  private final Downstreams downstreams;
  private final Cache<String, Attributes> cache;

  public ItemAttributes(Downstreams downstreams, GatewayProperties props) {
    this.downstreams = downstreams;
    this.cache = Caffeine.newBuilder().maximumSize(200_000)
        .expireAfterWrite(Duration.ofSeconds(props.itemAttributesTtlSeconds())).build();
  }

  /**
   * Attributes of every id, from the cache or one GetFeatures call for the misses.
   *
   * @throws dev.recsys.gateway.downstream.Guard.DownstreamException when feature-service fails
   */
  public Map<String, Attributes> of(List<String> itemIds) {
    Map<String, Attributes> out = new HashMap<>(cache.getAllPresent(itemIds));
    List<String> missing = new ArrayList<>();
    for (String id : itemIds) {
      if (!out.containsKey(id)) {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return out;
    }
    GetFeaturesResponse r = downstreams.features(stub -> stub.getFeatures(GetFeaturesRequest.newBuilder()
        .setEntity("item").addAllKeys(missing).addColumns("category").addColumns("year").build()));
    try {
      ColumnBatch batch = ArrowCodec.decode(r.getArrowBatch().toByteArray(), "GetFeatures(item) answer");
      String[] ids = (String[]) batch.column("item_id").values();
      String[] categories = (String[]) batch.column("category").values();
      Column years = batch.column("year");
      int[] yearValues = (int[]) years.values();
      for (int i = 0; i < ids.length; i++) {
        Integer year = years.nulls() != null && years.nulls()[i] ? null : yearValues[i];
        Attributes a = new Attributes(categories[i], year);
        out.put(ids[i], a);
        cache.put(ids[i], a);
      }
    } catch (RuntimeException e) {
      // An answer this build cannot read is the backend's failure too: the caller degrades.
      throw new Guard.DownstreamException("feature-service", "unreadable GetFeatures answer (" + e.getMessage() + ")");
    }
    for (String id : missing) {
      out.computeIfAbsent(id, k -> {
        cache.put(k, Attributes.UNKNOWN);
        return Attributes.UNKNOWN;
      });
    }
    return out;
  }
}
