package io.calsync.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.ContractMessage;
import io.calsync.contracts.Topics;
import io.calsync.contracts.connection.GoogleEventDeletionPolicy;
import io.calsync.contracts.connection.InvitationPolicy;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.contracts.sync.SyncNowRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium drives the settings page as a user would: dev sign-in, Connect, the (emulated)
 * Google consent page, back to "Connected", change the mode, Sync Now. Debian's chromium and
 * chromium-driver are used explicitly, so Selenium Manager downloads nothing.
 */
class SettingsPageIT extends TokenServiceWithGoogleIT {

  private static final Path SCREENSHOT = Path.of("target", "settings-page.png");

  private ChromeDriver browser;
  private WebDriverWait wait;
  private Path profile;

  @BeforeEach
  void openBrowser() throws Exception {
    profile = Files.createTempDirectory("calsync-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("calsync.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1200,1400",
        "--user-data-dir=" + profile);
    String driver = System.getProperty("calsync.chromedriver", "/usr/bin/chromedriver");
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driver);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(driver).toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aUserConnectsGoogle_changesTheMode_andRequestsASync() throws Exception {
    String userId = "page-" + UUID.randomUUID().toString().substring(0, 8);
    browser.get("http://localhost:" + port + "/");

    type(visible("user-id"), userId);
    browser.findElement(By.id("sign-in-button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("connection-status"), "Not connected"));
    wait.until(ExpectedConditions.textToBe(By.id("history"), "No sync history yet."));
    assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains(userId);

    browser.findElement(By.id("connect")).click();
    wait.until(ExpectedConditions.urlContains(google.baseUrl()));
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-account='alice@example.com']")))
        .click();
    browser.findElement(By.id("allow")).click();

    wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));
    wait.until(ExpectedConditions.textToBe(By.id("connection-status"), "Connected"));
    assertThat(browser.findElement(By.id("connection-status")).getAttribute("data-status"))
        .isEqualTo("CONNECTED");
    assertThat(browser.findElement(By.id("connection-details")).getText())
        .contains("alice@example.com");
    assertThat(browser.findElement(By.id("message")).getText())
        .isEqualTo("Google Calendar connected.");

    new Select(browser.findElement(By.id("mode"))).selectByValue("CRM_TO_GOOGLE");
    browser.findElement(By.id("save-settings")).click();
    wait.until(ExpectedConditions.textToBe(By.id("settings-message"), "Settings saved."));
    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(((SyncSettingsChanged) events.get(events.size() - 1)).settings().mode())
        .isEqualTo(SyncMode.CRM_TO_GOOGLE);

    browser.findElement(By.id("sync-now")).click();
    wait.until(ExpectedConditions.textToBe(By.id("sync-now-message"), "Sync requested."));
    assertThat(TopicReader.messages(database, Topics.SYNC_REQUESTS, userId))
        .singleElement()
        .isInstanceOf(SyncNowRequested.class);

    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.id("sync-now")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("sync-now-message"), "moments ago"));

    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.id("connection-status"), "Connected"));
    assertThat(new Select(browser.findElement(By.id("mode"))).getFirstSelectedOption().getText())
        .contains("Google Calendar only");
  }

  @Test
  void aUserChoosesTheNewPolicies_andErasesTheirData_afterConfirming() throws Exception {
    String userId = "page-" + UUID.randomUUID().toString().substring(0, 8);
    new ConnectSteps(http, google).connect(userId, "alice@example.com");
    openInTheCrm(userId);
    wait.until(ExpectedConditions.textToBe(By.id("connection-status"), "Connected"));
    Select deletion = new Select(browser.findElement(By.id("google-event-deletion-policy")));
    Select invitations = new Select(browser.findElement(By.id("invitation-policy")));
    assertThat(deletion.getFirstSelectedOption().getAttribute("value")).isEqualTo("KEEP_EVENT");
    assertThat(invitations.getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("ACCEPTED_ONLY");

    deletion.selectByValue("DELETE_EVENT");
    invitations.selectByValue("ALL");
    browser.findElement(By.id("save-settings")).click();
    wait.until(ExpectedConditions.textToBe(By.id("settings-message"), "Settings saved."));
    List<ContractMessage> events = TopicReader.messages(database, Topics.CONNECTION_EVENTS, userId);
    SyncSettings saved = ((SyncSettingsChanged) events.get(events.size() - 1)).settings();
    assertThat(saved.googleEventDeletionPolicy()).isEqualTo(GoogleEventDeletionPolicy.DELETE_EVENT);
    assertThat(saved.invitationPolicy()).isEqualTo(InvitationPolicy.ALL);
    browser.navigate().refresh();
    wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("calsync"));
    wait.until(ExpectedConditions.textToBe(By.id("connection-status"), "Connected"));
    assertThat(
            new Select(browser.findElement(By.id("google-event-deletion-policy")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("DELETE_EVENT");

    // Nothing happens before the user confirms; cancelling asks nothing of anyone.
    browser.findElement(By.id("erase-delete-events")).click();
    browser.findElement(By.id("erase")).click();
    assertThat(visible("erase-question").getText())
        .contains("delete the events CalSync created")
        .contains("cannot be undone");
    browser.findElement(By.id("erase-cancel")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("erase-confirmation")));
    assertThat(connector.calls(userId)).isEmpty();

    browser.findElement(By.id("erase")).click();
    visible("erase-confirm").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("erase-message"), "Your data was erased"));
    wait.until(ExpectedConditions.textToBe(By.id("connection-status"), "Not connected"));
    assertThat(connector.calls(userId)).containsExactly(new TestConnector.Call(userId, true));
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.records(database, Topics.CONNECTION_EVENTS, userId);
    assertThat(records.get(records.size() - 1).value()).as("tombstone").isNull();
    assertThat(
            new Select(browser.findElement(By.id("google-event-deletion-policy")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .as("settings erased: defaults again")
        .isEqualTo("KEEP_EVENT");
  }

  @Test
  void historyEntries_readAsSentences_withTheTaskTitle() {
    browser.get("http://localhost:" + port + "/");
    visible("user-id");
    Object sentence =
        browser.executeScript(
            "return describe({action: 'UPSERT_EVENT', outcome: 'APPLIED', taskId: 't1',"
                + " taskTitle: 'Call ACME', direction: 'CRM_TO_GOOGLE'});");
    assertThat(sentence).isEqualTo("Task “Call ACME” was copied to Google Calendar.");
    Object skipped =
        browser.executeScript(
            "return describe({action: 'NONE', outcome: 'SKIPPED', taskId: 't2',"
                + " reason: 'the task has no due time'});");
    assertThat(skipped).isEqualTo("A task was not synced: the task has no due time.");
    Object fromGoogle =
        browser.executeScript(
            "return describe({action: 'CREATE_TASK', outcome: 'COMMAND_SENT',"
                + " eventId: 'e1', direction: 'GOOGLE_TO_CRM'});");
    assertThat(fromGoogle).isEqualTo("A Google Calendar event is becoming a CRM task.");
    assertThat(String.valueOf(sentence) + skipped + fromGoogle)
        .doesNotContain("UPSERT_EVENT", "SKIPPED", "COMMAND_SENT");
  }

  @Test
  void aLinkCarryingAToken_signsNobodyIn() {
    String attacker = "attacker-" + UUID.randomUUID().toString().substring(0, 8);

    browser.get("http://localhost:" + port + "/#token=" + TestJwts.user(attacker));

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("message"), "A sign-in link was ignored"));
    assertThat(browser.findElement(By.id("workspace")).isDisplayed()).isFalse();
    assertThat(browser.getCurrentUrl()).doesNotContain("token=");
    assertThat(browser.executeScript("return sessionStorage.getItem('calsync.token')")).isNull();
  }

  @Test
  void aPageOfAnotherOrigin_cannotFrameTheSettingsPage_norHandItAToken() {
    String attacker = "attacker-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestCrm foreign = TestCrm.start()) {
      browser.get(
          foreign.embedding("http://localhost:" + port + "/", TestJwts.user(attacker), true));
      wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("calsync"));

      // frame-ancestors names only the CRM's origin: the browser shows no settings page here.
      assertThat(browser.findElements(By.id("workspace"))).isEmpty();
      browser.switchTo().defaultContent();
    }
    http.get()
        .uri("/")
        .exchange()
        .expectHeader()
        .valueEquals("Content-Security-Policy", "frame-ancestors " + crm.origin());
  }

  /** The CRM's page, framing the settings page signed in as {@code userId}. */
  private void openInTheCrm(String userId) {
    browser.get(crm.embedding("http://localhost:" + port + "/", TestJwts.user(userId), false));
    wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt("calsync"));
  }

  private WebElement visible(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  private static void type(WebElement input, String text) {
    input.clear();
    input.sendKeys(text);
  }
}
