package io.calsync.emulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class GoogleCalendarEmulatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(GoogleCalendarEmulatorApplication.class, args);
  }
}
