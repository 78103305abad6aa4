package io.calsync.orchestrator.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.calsync.orchestrator.guard.BurstRule.Burst;
import io.calsync.orchestrator.guard.BurstRule.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BurstRuleTest {

  /** The defaults: settle 3 s, window 60 s, more than 10 or half of 5+ links, empty from 2. */
  private static final DeletionGuardProperties LIMITS =
      new DeletionGuardProperties(
          Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(1), 10, 0.5, 5, 2);

  private static Burst settled(int waiting, int fromGoogle, int applied, int activeLinks) {
    return new Burst(
        waiting,
        fromGoogle,
        applied,
        activeLinks,
        Duration.ofSeconds(4),
        Duration.ofSeconds(5),
        false);
  }

  @Nested
  class WhileTheBurstIsComingIn {

    @Test
    void waits_whileTheNewestDeletionIsYoungerThanSettle() {
      Burst burst = new Burst(12, 12, 0, 12, Duration.ofSeconds(1), Duration.ofSeconds(2), false);
      assertThat(BurstRule.decide(burst, LIMITS)).isEqualTo(Verdict.WAIT);
    }

    @Test
    void decides_onceTheOldestWaitedAWholeWindow_evenIfMoreKeepComing() {
      Burst small = new Burst(1, 0, 0, 40, Duration.ofSeconds(1), Duration.ofSeconds(60), false);
      Burst large = new Burst(30, 0, 0, 40, Duration.ofSeconds(1), Duration.ofSeconds(61), false);
      assertThat(BurstRule.decide(small, LIMITS)).isEqualTo(Verdict.APPLY);
      assertThat(BurstRule.decide(large, LIMITS)).isEqualTo(Verdict.HOLD);
    }

    @Test
    void waits_withNothingWaiting() {
      assertThat(BurstRule.decide(settled(0, 0, 0, 40), LIMITS)).isEqualTo(Verdict.WAIT);
    }
  }

  @Nested
  class Count {

    @Test
    void appliesTen_holdsEleven() {
      assertThat(BurstRule.decide(settled(10, 5, 0, 100), LIMITS)).isEqualTo(Verdict.APPLY);
      assertThat(BurstRule.decide(settled(11, 5, 0, 100), LIMITS)).isEqualTo(Verdict.HOLD);
    }

    @Test
    void countsWhatWasAppliedWithoutAHoldInTheWindow() {
      assertThat(BurstRule.decide(settled(3, 0, 7, 100), LIMITS)).isEqualTo(Verdict.APPLY);
      assertThat(BurstRule.decide(settled(3, 0, 8, 100), LIMITS)).isEqualTo(Verdict.HOLD);
    }

    @Test
    void twelveEventsDeletedInGoogle_areHeld() {
      assertThat(BurstRule.decide(settled(12, 12, 0, 40), LIMITS)).isEqualTo(Verdict.HOLD);
    }

    @Test
    void twelveTasksDeletedInTheCrm_areHeld() {
      assertThat(BurstRule.decide(settled(12, 0, 0, 40), LIMITS)).isEqualTo(Verdict.HOLD);
    }
  }

  @Nested
  class Share {

    @Test
    void holdsMoreThanHalfOfTheLinks_fromFiveLinksOn() {
      assertThat(BurstRule.decide(settled(3, 0, 0, 5), LIMITS)).isEqualTo(Verdict.HOLD);
      assertThat(BurstRule.decide(settled(3, 0, 0, 6), LIMITS)).isEqualTo(Verdict.APPLY);
      assertThat(BurstRule.decide(settled(3, 0, 0, 8), LIMITS)).isEqualTo(Verdict.APPLY);
    }

    @Test
    void ignoresTheShare_belowFiveLinks() {
      assertThat(BurstRule.decide(settled(3, 0, 0, 4), LIMITS)).isEqualTo(Verdict.APPLY);
    }

    @Test
    void countsTheLinksDeletedInTheWindow_asLinksTheUserHad() {
      // 2 applied, 2 waiting, 4 links left of 6: two thirds deleted.
      assertThat(BurstRule.decide(settled(2, 0, 2, 4), LIMITS)).isEqualTo(Verdict.HOLD);
      // 1 applied, 1 waiting, of 10.
      assertThat(BurstRule.decide(settled(1, 0, 1, 9), LIMITS)).isEqualTo(Verdict.APPLY);
    }
  }

  @Nested
  class EmptyCalendar {

    @Test
    void holds_whenEveryLinkedEventIsDeletedInGoogle_fromTwoLinksOn() {
      assertThat(BurstRule.decide(settled(2, 2, 0, 2), LIMITS)).isEqualTo(Verdict.HOLD);
      assertThat(BurstRule.decide(settled(3, 3, 0, 3), LIMITS)).isEqualTo(Verdict.HOLD);
    }

    @Test
    void applies_theDeletionOfTheOnlyEvent() {
      assertThat(BurstRule.decide(settled(1, 1, 0, 1), LIMITS)).isEqualTo(Verdict.APPLY);
    }

    @Test
    void applies_whenTheCrmDeletesEveryTaskOfAFewLinks() {
      // Not "a calendar that lists nothing": below the count and share thresholds.
      assertThat(BurstRule.decide(settled(2, 0, 0, 2), LIMITS)).isEqualTo(Verdict.APPLY);
    }

    @Test
    void applies_whenSomeEventsAreLeft() {
      assertThat(BurstRule.decide(settled(2, 2, 0, 3), LIMITS)).isEqualTo(Verdict.APPLY);
    }
  }

  @Test
  void joinsAnOpenHold_atOnce() {
    Burst burst = new Burst(1, 1, 0, 40, Duration.ZERO, Duration.ZERO, true);
    assertThat(BurstRule.decide(burst, LIMITS)).isEqualTo(Verdict.HOLD);
  }

  @Test
  void rejectsASettleLongerThanTheWindow() {
    assertThatThrownBy(
            () ->
                new DeletionGuardProperties(
                    Duration.ofSeconds(61),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1),
                    10,
                    0.5,
                    5,
                    2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
