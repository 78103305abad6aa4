package io.calsync.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The guard inside a real {@code SpringApplication} start: registered through {@code
 * spring.factories}, reading the published values from the service's {@code
 * application-development.yml} and the effective ones from wherever Spring Boot finds them.
 */
class DevelopmentSecretsGuardTest {

  static final String PUBLISHED_SECRET = "calsync-local-development-jwt-secret-not-for-production";

  @Configuration(proxyBeanMethods = false)
  static class EmptyService {}

  @TempDir Path classpath;

  @BeforeEach
  void aServiceWithADevelopmentFile() throws IOException {
    Files.writeString(
        classpath.resolve(DevelopmentSecretsGuard.FILE),
        """
        calsync:
          security:
            jwt:
              secret: ${CALSYNC_JWT_SECRET:%s}
        spring:
          r2dbc:
            password: ${DB_PASSWORD:calsync}
        """
            .formatted(PUBLISHED_SECRET));
  }

  ConfigurableApplicationContext start(String... args) throws IOException {
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classpath.toUri().toURL()},
            DevelopmentSecretsGuardTest.class.getClassLoader());
    return new SpringApplicationBuilder(EmptyService.class)
        .resourceLoader(new DefaultResourceLoader(loader))
        .web(WebApplicationType.NONE)
        .run(args);
  }

  @Test
  void readsEachPublishedSettingWithItsVariable() {
    assertThat(
            DevelopmentSecretsGuard.publishedSettings(
                new org.springframework.core.io.FileSystemResource(
                    classpath.resolve(DevelopmentSecretsGuard.FILE))))
        .containsExactly(
            new DevelopmentSecretsGuard.PublishedSetting(
                "calsync.security.jwt.secret", "CALSYNC_JWT_SECRET", PUBLISHED_SECRET),
            new DevelopmentSecretsGuard.PublishedSetting(
                "spring.r2dbc.password", "DB_PASSWORD", "calsync"));
  }

  @Nested
  class OutsideTheDevelopmentProfile {

    @Test
    void refusesAPublishedSecret_namingTheSettingAndItsVariable() {
      assertThatThrownBy(() -> start("--calsync.security.jwt.secret=" + PUBLISHED_SECRET))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("calsync.security.jwt.secret (CALSYNC_JWT_SECRET)")
          .hasMessageContaining("published development value")
          .hasMessageNotContaining(PUBLISHED_SECRET);
    }

    @Test
    void refusesAPublishedSecretFromAMountedFile() throws IOException {
      Path mounted = Files.createDirectories(classpath.resolve("run-secrets"));
      Files.writeString(mounted.resolve("spring.r2dbc.password"), "calsync");

      assertThatThrownBy(() -> start("--spring.config.import=optional:configtree:" + mounted + "/"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("spring.r2dbc.password (DB_PASSWORD)");
    }

    @Test
    void namesEverySettingThatHoldsAPublishedValue() {
      assertThatThrownBy(
              () ->
                  start(
                      "--calsync.security.jwt.secret=" + PUBLISHED_SECRET,
                      "--spring.r2dbc.password=calsync"))
          .hasMessageContaining("calsync.security.jwt.secret (CALSYNC_JWT_SECRET)")
          .hasMessageContaining("spring.r2dbc.password (DB_PASSWORD)");
    }

    @Test
    void startsWithSecretsOfItsOwn() throws IOException {
      Path mounted = Files.createDirectories(classpath.resolve("run-secrets"));
      Files.writeString(mounted.resolve("spring.r2dbc.password"), "a-password-of-our-own");

      try (var context =
          start(
              "--calsync.security.jwt.secret=an-hs256-secret-of-our-own-32-bytes-long",
              "--spring.config.import=optional:configtree:" + mounted + "/")) {
        assertThat(context.getEnvironment().getProperty("spring.r2dbc.password"))
            .isEqualTo("a-password-of-our-own");
      }
    }

    @Test
    void startsWhenTheSecretsAreNotSetAtAll() throws IOException {
      // Missing secrets are each setting's own validation to report (e.g. JwtProperties).
      try (var context = start()) {
        assertThat(context.getEnvironment().getProperty("calsync.security.jwt.secret")).isNull();
      }
    }
  }

  @Nested
  class InTheDevelopmentProfile {

    @Test
    void allowsThePublishedValues() throws IOException {
      try (var context = start("--spring.profiles.active=" + DevelopmentSecretsGuard.PROFILE)) {
        assertThat(context.getEnvironment().getProperty("calsync.security.jwt.secret"))
            .isEqualTo(PUBLISHED_SECRET);
      }
    }
  }

  @Test
  void aServiceWithoutADevelopmentFileIsNotChecked() throws IOException {
    Files.delete(classpath.resolve(DevelopmentSecretsGuard.FILE));
    try (var context = start("--calsync.security.jwt.secret=" + PUBLISHED_SECRET)) {
      assertThat(context.isActive()).isTrue();
    }
  }
}
