package io.calsync.archfixture.emulator.store;

import io.calsync.archfixture.emulator.calendar.WriteLog;
import org.springframework.http.HttpStatus;

/** A store that speaks HTTP and reaches up into a feature. */
public class CalendarStore {

  WriteLog writeLog;

  HttpStatus missing() {
    return HttpStatus.NOT_FOUND;
  }
}
