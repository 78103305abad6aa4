package io.calsync.orchestrator.merge;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EventDescriptionsTest {

  @Test
  void stripsGooglesMarkup_keepingLineBreaksAndText() {
    assertThat(
            EventDescriptions.plainText(
                "<p>Agenda: <b>numbers</b></p><p>Room&nbsp;4 &amp; <a href=\"https://x\">notes</a>"
                    + "<br>bring laptop</p>"))
        .isEqualTo("Agenda: numbers\nRoom 4 & notes\nbring laptop");
  }

  @Test
  void neverLetsScriptsOrAttributesThrough() {
    assertThat(EventDescriptions.plainText("Hi<script>alert(1)</script><img src=x onerror=y>!"))
        .isEqualTo("Hi!");
  }

  @Test
  void leavesPlainTextAlone() {
    assertThat(EventDescriptions.plainText("line 1\n  line 2 < 3 > 2"))
        .isEqualTo("line 1\n  line 2 < 3 > 2");
    assertThat(EventDescriptions.plainText(null)).isNull();
  }

  /** What CalSync writes reads back as the task's text: no echo, no drift. */
  @Property(tries = 500)
  void aTasksTextSurvivesTheRoundTripThroughGoogle(@ForAll String text) {
    assertThat(EventDescriptions.plainText(EventDescriptions.toGoogle(text))).isEqualTo(text);
  }
}
