package io.calsync.connector.sync;

import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The sync consumer's container factory: Spring Boot's settings (error handler included) plus the
 * rebalance listener that hands users over between instances.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SyncProperties.class, PushProperties.class})
class SyncConfig {

  static final String CONTAINER_FACTORY = "syncListenerContainerFactory";

  @Bean(CONTAINER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> syncListenerContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<Object, Object> consumerFactory,
      PolledUsers users) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumerFactory);
    factory.getContainerProperties().setConsumerRebalanceListener(users.rebalanceListener());
    return factory;
  }
}
