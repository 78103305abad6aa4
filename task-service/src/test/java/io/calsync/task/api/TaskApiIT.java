package io.calsync.task.api;

import static io.calsync.task.TaskMother.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.calsync.task.Sql;
import io.calsync.task.TaskMother;
import io.calsync.task.TestJwts;
import io.calsync.testsupport.CalSyncTestInfrastructure;
import io.calsync.testsupport.PostgresDatabase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The task API over HTTP with real HS256 tokens, against a real database. */
// The build machine is shared and often busy: WebTestClient's default 5 s is too tight.
@AutoConfigureWebTestClient(timeout = "60s")
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    // Another context consuming crm.task-commands in the same group would apply TaskCommandsIT's
    // commands to this test's database and publish them a second time.
    properties = "calsync.task-commands.auto-startup=false")
class TaskApiIT {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  private static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = CalSyncTestInfrastructure.register(registry, "tasks");
  }

  @Autowired WebTestClient http;

  private final String alice = "alice-" + UUID.randomUUID();
  private final String bob = "bob-" + UUID.randomUUID();

  @Test
  void createsTask_answering201WithLocationAndETag_andReadsItBack() {
    EntityExchangeResult<Map<String, Object>> created =
        http.post()
            .uri("/api/v1/tasks")
            .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
            .bodyValue(TaskMother.dueTomorrowAt(9, 30))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, "\"1\"")
            .expectBody(JSON)
            .returnResult();
    Map<String, Object> body = created.getResponseBody();
    String id = (String) body.get("id");
    assertThat(created.getResponseHeaders().getLocation()).hasPath("/api/v1/tasks/" + id);
    assertThat(body)
        .containsEntry("title", "Call Acme about the renewal")
        .containsEntry("dueDate", LocalDate.now().plusDays(1).toString())
        .containsEntry("dueTime", "09:30:00")
        .containsEntry("timeZone", TaskMother.ZONE)
        .containsEntry("assigneeEmail", "bob@example.com")
        .containsEntry("status", "OPEN")
        .containsEntry("version", 1);

    http.get()
        .uri(created.getResponseHeaders().getLocation())
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"1\"")
        .expectBody(JSON)
        .isEqualTo(body);
  }

  @Test
  void createsTaskInTheDefaultZone_whenNoneIsGiven() {
    Map<String, Object> body = create(alice, TaskMother.titled("No zone"));

    assertThat(body).containsEntry("timeZone", "UTC").containsEntry("status", "OPEN");
  }

  @Test
  void replacesTask_withMatchingIfMatch_andIncrementsTheVersion() {
    String id = id(create(alice, TaskMother.dueTomorrowAt(9, 30)));
    Map<String, Object> edit =
        with(with(TaskMother.dueTomorrowAt(14, 0), "title", "Call Acme (moved)"), "timeZone", null);

    Map<String, Object> replaced =
        http.put()
            .uri("/api/v1/tasks/{id}", id)
            .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
            .header(HttpHeaders.IF_MATCH, "\"1\"")
            .bodyValue(edit)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.ETAG, "\"2\"")
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    assertThat(replaced)
        .containsEntry("title", "Call Acme (moved)")
        .containsEntry("dueTime", "14:00:00")
        // Absent timeZone keeps the current one.
        .containsEntry("timeZone", TaskMother.ZONE)
        .containsEntry("version", 2);
    assertThat(get(alice, id)).isEqualTo(replaced);
  }

  @Test
  void answers412WithTheCurrentETag_whenIfMatchIsStale_andChangesNothing() {
    String id = id(create(alice, TaskMother.dueTomorrowAt(9, 30)));
    put(alice, id, "\"1\"", TaskMother.titled("first edit")).expectStatus().isOk();

    put(alice, id, "\"1\"", TaskMother.titled("lost update"))
        .expectStatus()
        .isEqualTo(412)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"2\"")
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(412)
        .jsonPath("$.currentVersion")
        .isEqualTo(2);

    assertThat(get(alice, id)).containsEntry("title", "first edit").containsEntry("version", 2);
    assertThat(outboxRows(alice)).isEqualTo(2);
  }

  @Test
  void answers428_whenReplaceHasNoIfMatch() {
    String id = id(create(alice, TaskMother.titled("guarded")));

    put(alice, id, null, TaskMother.titled("blind write"))
        .expectStatus()
        .isEqualTo(428)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);

    assertThat(get(alice, id)).containsEntry("title", "guarded");
  }

  @Test
  void completesAndReopensTask_eachChangeIncrementingTheVersion_repeatsChangingNothing() {
    String id = id(create(alice, TaskMother.dueTomorrowAt(9, 30)));

    completion(alice, id, true, "\"1\"")
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"2\"")
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("COMPLETED");
    completion(alice, id, true, null).expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
    completion(alice, id, false, "\"1\"").expectStatus().isEqualTo(412);
    completion(alice, id, false, null)
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ETAG, "\"3\"")
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("OPEN");

    assertThat(outboxRows(alice)).isEqualTo(3);
  }

  @Test
  void deletesTask_keepingATombstoneThatNothingBringsBack() {
    String id = id(create(alice, TaskMother.dueTomorrowAt(9, 30)));

    delete(alice, id, "\"1\"").expectStatus().isNoContent();

    getExchange(alice, id).expectStatus().isNotFound();
    put(alice, id, "\"2\"", TaskMother.titled("resurrected")).expectStatus().isNotFound();
    completion(alice, id, true, null).expectStatus().isNotFound();
    delete(alice, id, null).expectStatus().isNoContent();
    assertThat(
            Sql.strings(
                database,
                "select version || ' ' || (deleted_at is not null) from task where id = ?::uuid",
                id))
        .containsExactly("2 true");
    assertThat(outboxRows(alice)).isEqualTo(2);
  }

  @Test
  void listsOwnTasks_filteredByStatusAndDueDateRange() {
    LocalDate monday = LocalDate.of(2030, 3, 4);
    String early = id(create(alice, TaskMother.dueOn(monday)));
    String middle = id(create(alice, TaskMother.dueOn(monday.plusDays(2))));
    String late = id(create(alice, TaskMother.dueOn(monday.plusDays(7))));
    String undated = id(create(alice, TaskMother.titled("someday")));
    completion(alice, middle, true, null).expectStatus().isOk();
    create(bob, TaskMother.dueOn(monday.plusDays(2)));

    assertThat(list(alice, "")).containsExactly(early, middle, late, undated);
    assertThat(list(alice, "status=OPEN")).containsExactly(early, late, undated);
    assertThat(list(alice, "status=COMPLETED")).containsExactly(middle);
    assertThat(list(alice, "dueFrom=2030-03-05&dueTo=2030-03-11")).containsExactly(middle, late);
    assertThat(list(alice, "dueTo=2030-03-06&status=OPEN")).containsExactly(early);
  }

  @Test
  void pagesThroughTasksWithACursor_inStableCreationOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(id(create(alice, TaskMother.titled("task " + i))));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> page =
          listPage(alice, "size=3" + (cursor == null ? "" : "&cursor=" + cursor));
      seen.addAll(ids(page));
      cursor = (String) page.get("nextCursor");
      pages++;
      if (pages == 1) {
        // A change in between moves nothing: the order is by creation.
        put(alice, ids.get(0), "*", TaskMother.titled("edited")).expectStatus().isOk();
      }
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(ids);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void hidesAnotherUsersTask_answering404_andLeavesItUnchanged() {
    String id = id(create(alice, TaskMother.dueTomorrowAt(9, 30)));

    getExchange(bob, id).expectStatus().isNotFound();
    put(bob, id, "\"1\"", TaskMother.titled("hijacked"))
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    completion(bob, id, true, null).expectStatus().isNotFound();
    completion(bob, id, false, null).expectStatus().isNotFound();
    delete(bob, id, null).expectStatus().isNotFound();
    assertThat(list(bob, "")).isEmpty();

    assertThat(get(alice, id)).containsEntry("version", 1).containsEntry("status", "OPEN");
    assertThat(outboxRows(bob)).isZero();
  }

  @Test
  void answers401_toATokenWithoutSubject_andWritesNothing() {
    // The shared token rules (service-starter's StrictJwtValidation) refuse it before any
    // controller; the controller's own subject check stays as a second line.
    http.post()
        .uri("/api/v1/tasks")
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(null))
        .bodyValue(TaskMother.titled("nobody's"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*invalid_token.*");

    assertThat(Sql.count(database, "select count(*) from task where title = 'nobody''s'")).isZero();
  }

  @Test
  void answers404_forAnIdThatIsNoUuid() {
    getExchange(alice, "not-a-uuid").expectStatus().isNotFound();
  }

  static Stream<Arguments> invalidTasks() {
    Map<String, Object> valid = TaskMother.dueTomorrowAt(9, 30);
    return Stream.of(
        Arguments.of("missing title", with(valid, "title", null), "title"),
        Arguments.of("blank title", with(valid, "title", "  "), "title"),
        Arguments.of("title too long", with(valid, "title", "x".repeat(1025)), "title"),
        Arguments.of("dueTime without dueDate", with(valid, "dueDate", null), "dueTime"),
        Arguments.of("offset instead of zone", with(valid, "timeZone", "+02:00"), "timeZone"),
        Arguments.of("unknown zone", with(valid, "timeZone", "Mars/Olympus_Mons"), "timeZone"),
        Arguments.of("bad e-mail", with(valid, "assigneeEmail", "bob at example"), "assigneeEmail"),
        Arguments.of("malformed date", with(valid, "dueDate", "2026-02-30"), "dueDate"),
        Arguments.of("unknown status", with(valid, "status", "DONE"), "status"),
        Arguments.of("NUL in title", with(valid, "title", "Call\u0000Acme"), "title"),
        Arguments.of("escape in title", with(valid, "title", "Call\u001b[31mAcme"), "title"),
        Arguments.of("NUL in description", with(valid, "description", "a\u0000b"), "description"),
        Arguments.of(
            "description too long", with(valid, "description", "x".repeat(8193)), "description"),
        Arguments.of("year 0", with(valid, "dueDate", "0000-06-01"), "dueDate"),
        Arguments.of("year 10000", with(valid, "dueDate", "+10000-01-01"), "dueDate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTasks")
  void rejectsInvalidTask_withProblemDetailsNamingTheField_andWritesNothing(
      String why, Map<String, Object> body, String field) {
    String id = id(create(alice, TaskMother.titled("untouched")));

    for (var exchange :
        List.of(
            http.post()
                .uri("/api/v1/tasks")
                .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
                .bodyValue(body),
            http.put()
                .uri("/api/v1/tasks/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .bodyValue(body))) {
      exchange
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo(400)
          .jsonPath("$.invalidFields[?(@.field == '%s')]".formatted(field))
          .exists();
    }

    assertThat(Sql.count(database, "select count(*) from task where owner_user_id = ?", alice))
        .isOne();
    assertThat(get(alice, id)).containsEntry("version", 1).containsEntry("title", "untouched");
    assertThat(outboxRows(alice)).isOne();
  }

  @Test
  void listsEveryInvalidFieldAtOnce() {
    Map<String, Object> body =
        with(
            with(with(TaskMother.dueTomorrowAt(9, 30), "title", null), "dueDate", null),
            "assigneeEmail",
            "nobody");

    http.post()
        .uri("/api/v1/tasks")
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.invalidFields[*].field")
        .isEqualTo(List.of("assigneeEmail", "dueTime", "title"));
  }

  @Test
  void rejectsBadListParameters_withProblemDetails() {
    for (String query :
        List.of("size=0", "size=201", "status=DONE", "dueFrom=tomorrow", "cursor=bm9wZQ")) {
      http.get()
          .uri("/api/v1/tasks?" + query)
          .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(alice))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  @Test
  void servesTheOpenApiDocumentWithoutToken() {
    http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.openapi")
        .exists()
        .jsonPath("$.paths['/api/v1/tasks'].post")
        .exists()
        .jsonPath("$.paths['/api/v1/tasks/{id}/completion'].put")
        .exists()
        .jsonPath("$.components.securitySchemes['bearer-jwt'].scheme")
        .isEqualTo("bearer")
        // The authenticated user comes from the token, never from a parameter.
        .jsonPath("$.paths['/api/v1/tasks'].get.parameters[*].name")
        .isEqualTo(List.of("status", "dueFrom", "dueTo", "size", "cursor"));
  }

  private Map<String, Object> create(String user, Map<String, Object> body) {
    return http.post()
        .uri("/api/v1/tasks")
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private Map<String, Object> get(String user, String id) {
    return getExchange(user, id)
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private WebTestClient.ResponseSpec getExchange(String user, String id) {
    return http.get()
        .uri("/api/v1/tasks/{id}", id)
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .exchange();
  }

  private WebTestClient.ResponseSpec put(
      String user, String id, String ifMatch, Map<String, Object> body) {
    var request =
        http.put()
            .uri("/api/v1/tasks/{id}", id)
            .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user));
    if (ifMatch != null) {
      request = request.header(HttpHeaders.IF_MATCH, ifMatch);
    }
    return request.bodyValue(body).exchange();
  }

  private WebTestClient.ResponseSpec completion(
      String user, String id, boolean complete, String ifMatch) {
    var request =
        (complete ? http.put() : http.delete())
            .uri("/api/v1/tasks/{id}/completion", id)
            .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user));
    if (ifMatch != null) {
      request = request.header(HttpHeaders.IF_MATCH, ifMatch);
    }
    return request.exchange();
  }

  private WebTestClient.ResponseSpec delete(String user, String id, String ifMatch) {
    var request =
        http.delete()
            .uri("/api/v1/tasks/{id}", id)
            .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user));
    if (ifMatch != null) {
      request = request.header(HttpHeaders.IF_MATCH, ifMatch);
    }
    return request.exchange();
  }

  private Map<String, Object> listPage(String user, String query) {
    return http.get()
        .uri("/api/v1/tasks?" + query)
        .header(HttpHeaders.AUTHORIZATION, TestJwts.bearer(user))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private List<String> list(String user, String query) {
    Map<String, Object> page = listPage(user, query);
    assertThat(page.get("nextCursor")).isNull();
    return ids(page);
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("items")).stream().map(TaskApiIT::id).toList();
  }

  private static String id(Map<String, Object> task) {
    return (String) task.get("id");
  }

  private static long outboxRows(String user) {
    return Sql.count(database, "select count(*) from outbox where aggregateid = ?", user);
  }
}
