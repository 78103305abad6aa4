// CalSync settings page, "Held deletions": what sync-orchestrator's mass-deletion guard holds for
// the signed-in user (GET /api/v1/sync/held-deletions), with the user's decision (POST
// .../held-deletions/decisions). A separate file so the main page script stays as it is: it reads
// the same session token and page configuration, and refreshes whenever the workspace is shown.
"use strict";

(function () {
  const TOKEN_KEY = "calsync.token";
  const REFRESH_MS = 15000;
  const byId = (id) => document.getElementById(id);
  let url = null;

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  // The orchestrator's API lives next to its history API, whose address the page is configured with.
  async function heldDeletionsUrl() {
    if (url) return url;
    const config = await (await fetch("/settings-page/config")).json();
    if (!config.historyUrl) return null;
    url = config.historyUrl.replace(/\/history(\?.*)?$/, "/held-deletions");
    return url;
  }

  function say(text, isError) {
    const element = byId("held-deletions-message");
    element.textContent = text;
    element.classList.toggle("error", Boolean(isError));
  }

  function describe(item) {
    const title = item.taskTitle ? "“" + item.taskTitle + "”" : "task " + item.taskId;
    return item.effect === "DELETE_EVENT"
      ? "Delete the Google Calendar event of " + title + " (the task was deleted or unscheduled in the CRM)"
      : "Unlink " + title + " from its event (the event was deleted in Google Calendar)";
  }

  async function refresh() {
    const section = byId("held-deletions");
    if (!section || !token() || byId("workspace").hidden) return;
    try {
      const base = await heldDeletionsUrl();
      if (!base) return;
      // Cross-origin call to sync-orchestrator; it allows this page's origin (CORS).
      const response = await fetch(base, { headers: { Authorization: "Bearer " + token(), Accept: "application/json" } });
      if (!response.ok) return;
      const items = await response.json();
      section.hidden = items.length === 0;
      if (items.length === 0) return;
      byId("held-deletions-summary").textContent =
        items.length + " deletions were held because they arrived at once. Nothing has been deleted; choose what should happen.";
      const list = document.createElement("ul");
      for (const item of items) {
        const entry = document.createElement("li");
        entry.textContent = describe(item);
        list.appendChild(entry);
      }
      byId("held-deletions-list").replaceChildren(list);
    } catch (e) {
      // The rest of the page works without it.
    }
  }

  async function decide(decision) {
    try {
      const base = await heldDeletionsUrl();
      const response = await fetch(base + "/decisions", {
        method: "POST",
        headers: { Authorization: "Bearer " + token(), Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify({ decision }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || body.title || "Request failed (" + response.status + ")");
      say(decision === "APPLY"
        ? body.applied + " deletions applied."
        : "Everything kept: nothing was deleted" + (body.restored ? "; " + body.restored + " events restored in Google Calendar." : "."));
      await refresh();
    } catch (e) {
      say(e.message, true);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!byId("held-deletions")) return;
    byId("apply-held-deletions").addEventListener("click", () => decide("APPLY"));
    byId("keep-held-deletions").addEventListener("click", () => decide("KEEP"));
    // The main script shows the workspace after sign-in; refresh then, and now and then.
    new MutationObserver(refresh).observe(byId("workspace"), { attributes: true, attributeFilter: ["hidden"] });
    setInterval(refresh, REFRESH_MS);
    refresh();
  });
})();
