package dev.recsys.gateway.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway settings ({@code recsys.gateway.*}).
 *
 * @param experimentsFile experiment config YAML; unset means the bundled
 *     {@code classpath:experiments.yaml}
 * @param recallService {@code host:port} of the recall service's gRPC server
 * @param rankService {@code host:port} of the rank service's gRPC server
 * @param recallDeadlineMs deadline of one Recall call
 * @param rankDeadlineMs deadline of one Rank call
 * @param maxCount largest {@code count} a recommend request may ask for
 * @param maxUserIdLength longest accepted {@code userId}
 */
@ConfigurationProperties("recsys.gateway")
public record GatewayProperties(
    Path experimentsFile,
    @DefaultValue("127.0.0.1:9091") String recallService,
    @DefaultValue("127.0.0.1:9092") String rankService,
    @DefaultValue("300") long recallDeadlineMs,
    @DefaultValue("500") long rankDeadlineMs,
    @DefaultValue("500") int maxCount,
    @DefaultValue("128") int maxUserIdLength) {}
