package io.calsync.connector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CalendarConnectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(CalendarConnectorApplication.class, args);
  }
}
