package io.calsync.task.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at {@code /v3/api-docs} (open, no token needed). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  static final String BEARER = "bearer-jwt";

  @Bean
  OpenAPI taskServiceOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("CalSync task-service")
                .version("v1")
                .description(
                    "CRM tasks of the authenticated user (JWT subject = CRM user id). Every"
                        + " change is published as a task event on crm.task-events."))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")));
  }
}
