// The review page's behaviour: select records, confirm / reject / correct them through the public API
// (with the session cookie and the page's CSRF token), keyboard shortcuts. No framework, no build.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const records = Array.from(document.querySelectorAll(".record"));
  const status = document.getElementById("status");
  let current = -1;

  function say(message) {
    if (status) status.textContent = message;
  }

  function spansOf(record) {
    const kind = record.dataset.kind === "events" ? "evidence" : "statement";
    const id = record.dataset.id;
    return Array.from(document.querySelectorAll(".hl-" + kind)).filter((el) =>
      (el.dataset[kind] || "").split(" ").includes(id)
    );
  }

  function select(index, focus = true) {
    if (!records.length) return;
    current = (index + records.length) % records.length;
    document.querySelectorAll(".hl.active").forEach((el) => el.classList.remove("active"));
    records.forEach((r) => r.removeAttribute("aria-current"));
    const record = records[current];
    record.setAttribute("aria-current", "true");
    const spans = spansOf(record);
    spans.forEach((el) => el.classList.add("active"));
    if (focus) record.focus();
    record.scrollIntoView({ block: "nearest" });
    if (spans.length) spans[0].scrollIntoView({ block: "nearest" });
  }

  function show(record, doc) {
    record.dataset.state = doc.review_state;
    const badge = record.querySelector(".state");
    badge.className = "state state-" + doc.review_state;
    badge.textContent = doc.review_state;
    if (doc.type) record.querySelector(".type").textContent = doc.type.replaceAll("_", " ");
    if (doc.policy_area) {
      const policy = record.querySelector(".policy");
      if (policy) policy.textContent = doc.policy_area.replaceAll("_", " ");
    }
  }

  async function send(record, body) {
    const kind = record.dataset.kind;
    const label = kind === "events" ? "Event" : "Statement";
    const response = await fetch("/v1/" + kind + "/" + record.dataset.id, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    const doc = await response.json().catch(() => ({}));
    if (!response.ok) {
      say(label + " " + record.dataset.id + ": " + (doc.detail || doc.title || response.status));
      return false;
    }
    show(record, doc);
    say(label + " " + record.dataset.id + " is now " + doc.review_state + ".");
    return true;
  }

  function review(state) {
    if (current < 0) select(0);
    const record = records[current];
    const button = record && record.querySelector('[data-action="' + state + '"]');
    if (!record || !button || button.disabled) return;
    send(record, { review_state: state }).then((ok) => {
      if (ok && state !== "machine") select(current + 1);
    });
  }

  records.forEach((record, index) => {
    record.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (current !== index) select(index, !button);
      if (button) {
        event.preventDefault();
        review(button.dataset.action);
      }
    });
    const form = record.querySelector("form.correct");
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const data = new FormData(form);
        send(record, { type: data.get("type"), policy_area: data.get("policy_area") });
      });
    }
  });

  document.querySelectorAll(".hl-evidence, .hl-statement").forEach((span) => {
    span.addEventListener("click", () => {
      const kind = span.classList.contains("hl-statement") ? "statements" : "events";
      const ids = (span.dataset[kind === "events" ? "evidence" : "statement"] || "").split(" ");
      const index = records.findIndex((r) => r.dataset.kind === kind && r.dataset.id === ids[0]);
      if (index >= 0) select(index);
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) return;
    const next = document.querySelector('a[rel="next"]');
    switch (event.key) {
      case "j":
      case "ArrowDown":
        if (!records.length) return;
        select(current + 1);
        break;
      case "k":
      case "ArrowUp":
        if (!records.length) return;
        select(current - 1);
        break;
      case "c":
        review("confirmed");
        break;
      case "r":
        review("rejected");
        break;
      case "e": {
        if (current < 0) select(0);
        const field = records[current] && records[current].querySelector("form.correct select");
        if (field && !field.disabled) field.focus();
        break;
      }
      case "n":
        if (next) window.location.assign(next.href);
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
