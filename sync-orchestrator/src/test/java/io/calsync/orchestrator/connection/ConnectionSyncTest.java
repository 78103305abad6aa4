package io.calsync.orchestrator.connection;

import static io.calsync.orchestrator.fixture.ConnectionMother.OWNER_EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.contracts.connection.ConnectionConnected;
import io.calsync.contracts.connection.ConnectionLost;
import io.calsync.contracts.connection.ConnectionRevoked;
import io.calsync.contracts.connection.SyncMode;
import io.calsync.contracts.connection.SyncSettings;
import io.calsync.contracts.connection.SyncSettingsChanged;
import io.calsync.orchestrator.fixture.ConnectionMother;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionSyncTest {

  private static final String USER = "user-7";
  private static final Instant AT = Instant.parse("2026-11-27T09:00:00Z");

  @Test
  void connectedStoresAccountAndSettings_andStartsWriting() {
    SyncSettings settings = ConnectionMother.settings(SyncMode.CRM_TO_GOOGLE);
    ConnectionConnected event = ConnectionMother.connectedEvent(USER, settings);

    UserConnection next = ConnectionSync.next(null, event);

    assertThat(next)
        .isEqualTo(new UserConnection(USER, ConnectionStatus.CONNECTED, OWNER_EMAIL, settings));
    assertThat(ConnectionSync.startsWriting(null, next, event)).isTrue();
  }

  @Test
  void reconnectPushesAgain_evenWhenTheUserWasWritingBefore() {
    UserConnection before = ConnectionMother.connected(USER);
    ConnectionConnected event = ConnectionMother.connectedEvent(USER, SyncSettings.defaults());

    assertThat(ConnectionSync.startsWriting(before, ConnectionSync.next(before, event), event))
        .isTrue();
  }

  @Test
  void accountChanged_onlyWhenAnotherKnownAccountConnects_comparedIgnoringCase() {
    UserConnection before = ConnectionMother.connected(USER);
    SyncSettings settings = SyncSettings.defaults();

    assertThat(
            ConnectionSync.accountChanged(
                before, ConnectionMother.connectedEvent(USER, "other@example.com", settings)))
        .isTrue();
    assertThat(
            ConnectionSync.accountChanged(
                before, ConnectionMother.connectedEvent(USER, "Owner@Example.COM", settings)))
        .isFalse();
    assertThat(
            ConnectionSync.accountChanged(
                null, ConnectionMother.connectedEvent(USER, "other@example.com", settings)))
        .isFalse();
    UserConnection unknownAccount =
        new UserConnection(USER, ConnectionStatus.CONNECTED, null, settings);
    assertThat(
            ConnectionSync.accountChanged(
                unknownAccount,
                ConnectionMother.connectedEvent(USER, "other@example.com", settings)))
        .isFalse();
    assertThat(ConnectionSync.accountChanged(before, new ConnectionLost(USER, "gone", AT)))
        .isFalse();
  }

  @Test
  void connectingWhilePaused_doesNotPush() {
    ConnectionConnected event =
        ConnectionMother.connectedEvent(USER, ConnectionMother.settings(SyncMode.PAUSED));

    assertThat(ConnectionSync.startsWriting(null, ConnectionSync.next(null, event), event))
        .isFalse();
  }

  @Test
  void revokedAndLostKeepAccountAndSettings() {
    UserConnection before =
        ConnectionMother.connected(USER, ConnectionMother.settings(SyncMode.CRM_TO_GOOGLE));

    assertThat(ConnectionSync.next(before, new ConnectionRevoked(USER, AT)))
        .isEqualTo(
            new UserConnection(USER, ConnectionStatus.REVOKED, OWNER_EMAIL, before.settings()));
    assertThat(ConnectionSync.next(before, new ConnectionLost(USER, "invalid_grant", AT)))
        .isEqualTo(new UserConnection(USER, ConnectionStatus.LOST, OWNER_EMAIL, before.settings()));
  }

  @Test
  void switchingFromPausedToTwoWay_startsWriting_butChangingAWritingModeDoesNot() {
    UserConnection paused =
        ConnectionMother.connected(USER, ConnectionMother.settings(SyncMode.PAUSED));
    var toTwoWay =
        new SyncSettingsChanged(USER, ConnectionMother.settings(SyncMode.TWO_WAY), true, AT);
    UserConnection twoWay = ConnectionSync.next(paused, toTwoWay);
    var toCrmToGoogle =
        new SyncSettingsChanged(USER, ConnectionMother.settings(SyncMode.CRM_TO_GOOGLE), true, AT);

    assertThat(twoWay.status()).isEqualTo(ConnectionStatus.CONNECTED);
    assertThat(twoWay.googleAccountEmail()).isEqualTo(OWNER_EMAIL);
    assertThat(ConnectionSync.startsWriting(paused, twoWay, toTwoWay)).isTrue();
    assertThat(
            ConnectionSync.startsWriting(
                twoWay, ConnectionSync.next(twoWay, toCrmToGoogle), toCrmToGoogle))
        .isFalse();
  }

  @Test
  void settingsWithoutUsableConnection_keepTheKnownReason() {
    UserConnection lost = ConnectionMother.withStatus(USER, ConnectionStatus.LOST);
    var changed =
        new SyncSettingsChanged(USER, ConnectionMother.settings(SyncMode.TWO_WAY), false, AT);

    assertThat(ConnectionSync.next(lost, changed).status()).isEqualTo(ConnectionStatus.LOST);
    assertThat(ConnectionSync.next(null, changed).status())
        .isEqualTo(ConnectionStatus.DISCONNECTED);
    assertThat(ConnectionSync.startsWriting(lost, ConnectionSync.next(lost, changed), changed))
        .isFalse();
  }
}
