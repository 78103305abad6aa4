package io.calsync.token;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TokenServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(TokenServiceApplication.class, args);
  }
}
