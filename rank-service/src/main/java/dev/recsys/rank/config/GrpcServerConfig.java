package dev.recsys.rank.config;

import dev.recsys.api.grpc.GrpcServer;
import io.grpc.BindableService;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GrpcServerConfig {
  @Bean(destroyMethod = "close")
  GrpcServer grpcServer(RankProperties props, List<BindableService> services) {
    return GrpcServer.start("rank-service", props.grpcHost(), props.grpcPort(), services);
  }
}
