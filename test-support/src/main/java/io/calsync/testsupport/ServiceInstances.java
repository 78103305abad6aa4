package io.calsync.testsupport;

import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Service instances a test starts and stops itself (several of one service, or one that must be
 * restarted), where a {@code @SpringBootTest} context would be the only one.
 */
public final class ServiceInstances {

  private ServiceInstances() {}

  /**
   * Runs {@code application} in this JVM with {@code properties} as command-line arguments: they
   * outrank {@code application.yml}, which default properties do not. As {@code @SpringBootTest}
   * does, the instance gets Reactor Netty resources of its own, so that closing it does not dispose
   * the global ones that the other instances and the emulator share in this JVM.
   */
  public static ConfigurableApplicationContext run(
      Class<?> application, Map<String, ?> properties) {
    return new SpringApplicationBuilder(application)
        .initializers(
            context -> context.getBeanFactory().addBeanPostProcessor(new OwnReactorResources()))
        .run(
            properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new));
  }

  private static final class OwnReactorResources implements BeanPostProcessor {
    @Override
    public Object postProcessBeforeInitialization(Object bean, String name) {
      if (bean instanceof ReactorResourceFactory factory) {
        factory.setUseGlobalResources(false);
      }
      return bean;
    }
  }
}
