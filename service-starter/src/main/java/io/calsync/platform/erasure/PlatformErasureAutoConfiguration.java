package io.calsync.platform.erasure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The erase-marker table and the transactional erase for services that keep data about users in an
 * R2DBC database with an {@code erased_user} table (their own migration creates it). A service
 * without one switches the feature off with {@code calsync.erasure.markers.enabled=false}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration",
      "org.springframework.boot.autoconfigure.data.r2dbc.R2dbcDataAutoConfiguration",
      "org.springframework.boot.autoconfigure.r2dbc.R2dbcTransactionManagerAutoConfiguration",
      "org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration"
    })
@ConditionalOnClass({DatabaseClient.class, TransactionalOperator.class})
@ConditionalOnProperty(
    name = "calsync.erasure.markers.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class PlatformErasureAutoConfiguration {

  @Bean
  @ConditionalOnBean(DatabaseClient.class)
  @ConditionalOnMissingBean
  ErasedUsers erasedUsers(DatabaseClient db) {
    return new ErasedUsers(db);
  }

  @Bean
  @ConditionalOnBean({DatabaseClient.class, TransactionalOperator.class})
  @ConditionalOnMissingBean
  UserDataErasure userDataErasure(
      DatabaseClient db, ErasedUsers erasedUsers, TransactionalOperator transactional) {
    return new UserDataErasure(db, erasedUsers, transactional);
  }
}
