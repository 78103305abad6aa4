// CalSync settings page: plain JS against token-service's API with the CRM user's bearer token.
// The page never takes a credential from its URL: a link carrying a token (#token=...) would sign
// the victim in as whoever made the link, and the victim would then connect their Google account
// to the attacker's CRM user (login CSRF). The CRM embeds the page in an iframe and hands the
// token over with postMessage; only a message from the parent frame, from an origin in
// calsync.settings-page.embedder-origins, is believed. Locally, the optional development sign-in
// issues a token. The token lives in sessionStorage only (this tab).
"use strict";

const TOKEN_KEY = "calsync.token";
const $ = (id) => document.getElementById(id);
let config = { devSignIn: false, historyUrl: null, embedderOrigins: [] };

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  if (token()) headers.Authorization = "Bearer " + token();
  if (options.body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    render();
    throw new Error("Your sign-in expired; sign in again.");
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || "Request failed (" + response.status + ")");
  }
  return body;
}

function say(id, text, isError) {
  const element = $(id);
  element.textContent = text;
  element.classList.toggle("error", Boolean(isError));
}

const HANDOFF_READY = "calsync.settings-page.ready";
const HANDOFF_TOKEN = "calsync.token";

function embedded() {
  return window.parent !== window;
}

// A token in the fragment is never used; it is removed from the address bar and history.
function refuseTokenInUrl() {
  if (/(?:^#|&)token=/.test(location.hash)) {
    history.replaceState(null, "", location.pathname + location.search);
    say("message", "A sign-in link was ignored: CalSync signs you in through your CRM.", true);
  }
}

// Asks the embedding CRM for the user's token; only the allowed origins hear the request.
function askEmbedderForToken() {
  if (!embedded()) return;
  window.addEventListener("message", (event) => {
    const trusted = event.source === window.parent && config.embedderOrigins.includes(event.origin);
    const data = event.data;
    if (!trusted || !data || data.type !== HANDOFF_TOKEN || typeof data.token !== "string") return;
    sessionStorage.setItem(TOKEN_KEY, data.token);
    render();
  });
  for (const origin of config.embedderOrigins) {
    window.parent.postMessage({ type: HANDOFF_READY }, origin);
  }
}

function showReturnMessage() {
  const params = new URLSearchParams(location.search);
  if (params.get("connected") === "google") {
    say("message", "Google Calendar connected.");
  } else if (params.get("error")) {
    const reasons = {
      access_denied: "You declined access at Google; nothing was connected.",
      calendar_access_not_granted: "Calendar access was not granted; nothing was connected.",
    };
    say("message", reasons[params.get("error")] || "Connecting failed: " + params.get("error"), true);
  }
  if (params.has("connected") || params.has("error")) {
    history.replaceState(null, "", location.pathname);
  }
}

function userIdOfToken() {
  try {
    const payload = token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).sub;
  } catch (e) {
    return null;
  }
}

async function render() {
  const signedIn = Boolean(token());
  $("sign-in").hidden = signedIn || !config.devSignIn;
  $("signed-out-hint").hidden = signedIn || config.devSignIn;
  $("workspace").hidden = !signedIn;
  $("signed-in-as").hidden = !signedIn;
  if (!signedIn) return;
  $("signed-in-as").textContent = "Signed in as " + userIdOfToken();
  await Promise.all([loadConnection(), loadSettings(), loadHistory()]);
}

async function loadConnection() {
  try {
    const c = await api("/api/v1/connections/google");
    const status = $("connection-status");
    status.dataset.status = c.status;
    const texts = {
      CONNECTED: "Connected",
      LOST: "Connection lost – please reconnect",
      REVOKED: "Disconnected",
      DISCONNECTED: "Not connected",
    };
    status.textContent = texts[c.status] || c.status;
    const details = [];
    if (c.googleAccountEmail) details.push("Google account: " + c.googleAccountEmail);
    if (c.connectedAt) details.push("connected " + new Date(c.connectedAt).toLocaleString());
    if (c.lastSuccessfulSyncAt) details.push("last sync " + new Date(c.lastSuccessfulSyncAt).toLocaleString());
    if (c.status === "LOST" && c.lostReason) details.push(c.lostReason);
    $("connection-details").textContent = details.join(" · ");
    $("connect").textContent = c.status === "CONNECTED" || c.status === "LOST" ? "Reconnect" : "Connect Google Calendar";
    $("disconnect").hidden = c.status !== "CONNECTED" && c.status !== "LOST";
    $("sync-now").disabled = c.status !== "CONNECTED";
  } catch (e) {
    say("connection-status", e.message, true);
  }
}

async function loadSettings() {
  try {
    const s = await api("/api/v1/sync/settings");
    $("mode").value = s.mode;
    $("completed-task-policy").value = s.completedTaskPolicy;
    $("date-only-task-policy").value = s.dateOnlyTaskPolicy;
    $("google-event-deletion-policy").value = s.googleEventDeletionPolicy || "KEEP_EVENT";
    $("invitation-policy").value = s.invitationPolicy || "ACCEPTED_ONLY";
    $("default-event-duration").value = s.defaultEventDurationMinutes;
    $("time-zone").value = s.timeZone || "";
  } catch (e) {
    say("settings-message", e.message, true);
  }
}

async function loadHistory() {
  const area = $("history");
  const empty = () => { area.textContent = "No sync history yet."; };
  if (!config.historyUrl) return empty();
  try {
    // Cross-origin call to sync-orchestrator; it must allow this page's origin (CORS).
    const response = await fetch(config.historyUrl, { headers: { Authorization: "Bearer " + token(), Accept: "application/json" } });
    if (!response.ok) return empty();
    const body = await response.json();
    const entries = Array.isArray(body) ? body : [];
    if (entries.length === 0) return empty();
    const list = document.createElement("ul");
    for (const entry of entries.slice(0, 50)) {
      const item = document.createElement("li");
      // Entries of sync-orchestrator's GET /api/v1/sync/history.
      const when = entry.occurredAt || "";
      item.textContent = (when ? new Date(when).toLocaleString() + " – " : "") + describe(entry);
      list.appendChild(item);
    }
    area.replaceChildren(list);
  } catch (e) {
    empty();
  }
}

// What each history entry means, as a sentence: "what happened" by action and outcome.
const HISTORY_PHRASES = {
  UPSERT_EVENT: {
    COMMAND_SENT: "is being copied to Google Calendar",
    APPLIED: "was copied to Google Calendar",
    FAILED: "could not be copied to Google Calendar",
    CONFLICT: "was changed in Google Calendar at the same time; CalSync is merging the changes",
    SKIPPED: "was not copied to Google Calendar",
  },
  DELETE_EVENT: {
    COMMAND_SENT: "is being removed from Google Calendar",
    APPLIED: "was removed from Google Calendar",
    FAILED: "could not be removed from Google Calendar",
    CONFLICT: "was changed in Google Calendar at the same time; it was not removed",
    SKIPPED: "was left in Google Calendar",
  },
  CREATE_TASK: {
    COMMAND_SENT: "is becoming a CRM task",
    APPLIED: "became a CRM task",
    COMPLETED: "became a CRM task",
    SKIPPED: "did not become a CRM task",
  },
  UPDATE_TASK: {
    COMMAND_SENT: "is being updated from Google Calendar",
    APPLIED: "was updated from Google Calendar",
    COMPLETED: "was updated from Google Calendar",
    SKIPPED: "was not updated from Google Calendar",
  },
  UNLINK_TASK: {
    COMMAND_SENT: "is losing its link to a deleted Google Calendar event",
    APPLIED: "lost its link to a deleted Google Calendar event",
    COMPLETED: "lost its link to a deleted Google Calendar event",
    SKIPPED: "kept its link to Google Calendar",
  },
  MERGE: {
    CONFLICT_RESOLVED: "was changed in the CRM and in Google Calendar; the most recent change won",
  },
  LINK: { COMPLETED: "was linked to its Google Calendar event" },
  BACKFILL: { COMPLETED: "was brought up to date in Google Calendar after connecting" },
};

function describe(entry) {
  const subject = entry.taskTitle
    ? "Task “" + entry.taskTitle + "”"
    : entry.taskId ? "A task" : "A Google Calendar event";
  const phrases = HISTORY_PHRASES[entry.action] || {};
  let what = phrases[entry.outcome];
  if (!what) {
    const fallback = {
      COMMAND_SENT: "is being synced", APPLIED: "was synced", COMPLETED: "was synced",
      FAILED: "could not be synced", CONFLICT: "had a conflict", CONFLICT_RESOLVED: "had a conflict that was resolved",
    };
    what = fallback[entry.outcome] || "was not synced";
  }
  // reason is written for people by sync-orchestrator.
  return subject + " " + what + (entry.reason ? ": " + entry.reason : "") + ".";
}

async function signIn(event) {
  event.preventDefault();
  try {
    const signedIn = await api("/dev/v1/tokens", { method: "POST", body: JSON.stringify({ userId: $("user-id").value.trim() }) });
    sessionStorage.setItem(TOKEN_KEY, signedIn.token);
    say("message", "");
    await render();
  } catch (e) {
    say("message", e.message, true);
  }
}

async function connect() {
  try {
    const request = await api("/api/v1/connections/google/authorization-requests", { method: "POST", body: "{}" });
    // Google's consent page refuses to be framed: inside the CRM, the whole window goes there
    // (the OAuth return URL is then the CRM page that embeds this one).
    (embedded() ? window.top.location : location).assign(request.authorizationUrl);
  } catch (e) {
    say("message", e.message, true);
  }
}

async function disconnect() {
  try {
    await api("/api/v1/connections/google", { method: "DELETE" });
    say("message", "Google Calendar disconnected; CalSync's access was revoked at Google.");
    await loadConnection();
  } catch (e) {
    say("message", e.message, true);
  }
}

function askToErase() {
  const alsoEvents = $("erase-delete-events").checked;
  $("erase-question").textContent = alsoEvents
    ? "Disconnect Google Calendar, erase everything CalSync stored about you and delete the events CalSync created in your Google Calendar? This cannot be undone."
    : "Disconnect Google Calendar and erase everything CalSync stored about you? The events in your Google Calendar stay. This cannot be undone.";
  $("erase-confirmation").hidden = false;
  $("erase").disabled = true;
  $("erase-confirm").focus();
}

function cancelErase() {
  $("erase-confirmation").hidden = true;
  $("erase").disabled = false;
}

async function erase() {
  const deleteCreatedEvents = $("erase-delete-events").checked;
  $("erase-confirm").disabled = true;
  try {
    const result = await api("/api/v1/connections/google/erasures", {
      method: "POST",
      body: JSON.stringify({ deleteCreatedEvents }),
    });
    const deleted = result && result.createdEventsDeleted ? result.createdEventsDeleted : 0;
    say("erase-message", deleteCreatedEvents
      ? "Your data was erased and Google Calendar disconnected; " + deleted + " events CalSync created were deleted."
      : "Your data was erased and Google Calendar disconnected.");
    $("erase-delete-events").checked = false;
    await Promise.all([loadConnection(), loadSettings(), loadHistory()]);
  } catch (e) {
    say("erase-message", e.message, true);
  } finally {
    $("erase-confirm").disabled = false;
    cancelErase();
  }
}

async function saveSettings(event) {
  event.preventDefault();
  const body = {
    mode: $("mode").value,
    completedTaskPolicy: $("completed-task-policy").value,
    dateOnlyTaskPolicy: $("date-only-task-policy").value,
    googleEventDeletionPolicy: $("google-event-deletion-policy").value,
    invitationPolicy: $("invitation-policy").value,
    defaultEventDurationMinutes: Number($("default-event-duration").value),
    timeZone: $("time-zone").value.trim() || null,
  };
  try {
    await api("/api/v1/sync/settings", { method: "PUT", body: JSON.stringify(body) });
    say("settings-message", "Settings saved.");
  } catch (e) {
    say("settings-message", e.message, true);
  }
}

async function syncNow() {
  try {
    await api("/api/v1/sync/requests", { method: "POST" });
    say("sync-now-message", "Sync requested.");
  } catch (e) {
    say("sync-now-message", e.message, true);
  }
}

async function start() {
  refuseTokenInUrl();
  showReturnMessage();
  try {
    config = await (await fetch("/settings-page/config")).json();
  } catch (e) {
    config = { devSignIn: false, historyUrl: null, embedderOrigins: [] };
  }
  askEmbedderForToken();
  $("sign-in-form").addEventListener("submit", signIn);
  $("connect").addEventListener("click", connect);
  $("disconnect").addEventListener("click", disconnect);
  $("erase").addEventListener("click", askToErase);
  $("erase-cancel").addEventListener("click", cancelErase);
  $("erase-confirm").addEventListener("click", erase);
  $("settings-form").addEventListener("submit", saveSettings);
  $("sync-now").addEventListener("click", syncNow);
  $("sign-out").addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); render(); });
  await render();
}

document.addEventListener("DOMContentLoaded", start);
