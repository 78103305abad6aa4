package io.calsync.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SyncOrchestratorApplication {

  public static void main(String[] args) {
    SpringApplication.run(SyncOrchestratorApplication.class, args);
  }
}
