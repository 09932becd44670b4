// The review page's behaviour: select records, confirm / reject / correct them, add missed ones, all
// through the public API (with the session cookie and the page's CSRF token); keyboard shortcuts.
// No framework, no build. Offsets sent to the API count code points, as the server's (Python) do.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const records = Array.from(document.querySelectorAll(".record"));
  const status = document.getElementById("status");
  const textEl = document.getElementById("article-text");
  const layout = document.querySelector(".layout[data-article]");
  const articleId = layout ? Number(layout.dataset.article) : null;
  const text = textEl ? textEl.textContent : "";
  const selStart = document.getElementById("sel-start");
  const selEnd = document.getElementById("sel-end");
  const selPreview = document.getElementById("sel-preview");
  const NOTE = "review-status";
  let current = -1;

  function say(message) {
    if (status) status.textContent = message;
  }

  // ---- offsets: the DOM counts UTF-16 units, the API code points ----
  function toPoints(units) {
    return Array.from(text.slice(0, units)).length;
  }
  function toUnits(points) {
    let units = 0;
    let n = 0;
    for (const ch of text) {
      if (n === points) break;
      units += ch.length;
      n += 1;
    }
    return units;
  }
  function slice(start, end) {
    return text.slice(toUnits(start), toUnits(end));
  }

  function selected() {
    const start = Number(selStart && selStart.value);
    const end = Number(selEnd && selEnd.value);
    if (!selStart || selStart.value === "" || selEnd.value === "" || !(start < end)) return null;
    return [start, end];
  }

  function showSelection() {
    const span = selected();
    if (selPreview) selPreview.textContent = span ? slice(span[0], span[1]) : "nothing yet";
  }

  function setSelection(startUnits, endUnits) {
    // Trim blanks at both ends, as a reader means the words.
    while (startUnits < endUnits && /\s/.test(text[startUnits])) startUnits += 1;
    while (endUnits > startUnits && /\s/.test(text[endUnits - 1])) endUnits -= 1;
    if (!(startUnits < endUnits) || !selStart) return;
    selStart.value = toPoints(startUnits);
    selEnd.value = toPoints(endUnits);
    showSelection();
  }

  function unitsBefore(node, offset) {
    const range = document.createRange();
    range.selectNodeContents(textEl);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  if (textEl) {
    document.addEventListener("selectionchange", () => {
      const sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const range = sel.getRangeAt(0);
      if (!textEl.contains(range.startContainer) || !textEl.contains(range.endContainer)) return;
      setSelection(unitsBefore(range.startContainer, range.startOffset), unitsBefore(range.endContainer, range.endOffset));
    });
  }
  [selStart, selEnd].forEach((input) => input && input.addEventListener("input", showSelection));

  // A span field typed by hand shows the text it now covers.
  document.querySelectorAll(".record .span-field").forEach((field) => {
    field.addEventListener("input", () => {
      const start = Number(field.querySelector('[name$="_start"]').value);
      const end = Number(field.querySelector('[name$="_end"]').value);
      field.querySelector(".span-text").textContent = start < end ? slice(start, end) : "(empty)";
    });
  });

  const find = document.getElementById("find");
  if (find) {
    find.addEventListener("submit", (event) => {
      event.preventDefault();
      const wanted = document.getElementById("find-text").value.trim();
      if (!wanted) return;
      const span = selected();
      const from = span ? toUnits(span[0]) + 1 : 0;
      const lower = text.toLowerCase();
      let at = lower.indexOf(wanted.toLowerCase(), from);
      if (at < 0) at = lower.indexOf(wanted.toLowerCase());
      if (at < 0) {
        say("“" + wanted + "” is not in the article.");
        return;
      }
      setSelection(at, at + wanted.length);
      say("Selected “" + slice(Number(selStart.value), Number(selEnd.value)) + "” at " + selStart.value + ".");
    });
  }

  // ---- talking to the API ----
  async function api(method, path, body) {
    const response = await fetch(path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    const doc = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = (doc.errors && doc.errors[0] && doc.errors[0].name + ": " + doc.errors[0].message) || doc.detail;
      throw new Error(detail || doc.title || String(response.status));
    }
    return doc;
  }

  // Structural changes (participants, spans, new records) redraw the whole page from the server;
  // the message and the record to return to survive the reload.
  function reloadWith(message, anchor) {
    sessionStorage.setItem(NOTE, JSON.stringify({ message: message, anchor: anchor }));
    window.location.reload();
  }

  const note = sessionStorage.getItem(NOTE);
  if (note) {
    sessionStorage.removeItem(NOTE);
    try {
      const { message, anchor } = JSON.parse(note);
      say(message);
      const target = anchor && document.getElementById(anchor);
      if (target) {
        const index = records.indexOf(target);
        if (index >= 0) {
          select(index);
        } else {
          // An actor: open its mentions and put the keyboard there.
          const details = target.querySelector("details");
          if (details) details.open = true;
          const summary = target.querySelector("summary");
          if (summary) summary.focus();
          target.scrollIntoView({ block: "nearest" });
        }
      }
    } catch (e) {
      /* an old note: nothing to show */
    }
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
    const type = doc.type || doc.kind;
    if (type) record.querySelector(".type").textContent = type.replaceAll("_", " ");
    if (doc.policy_area) {
      const policy = record.querySelector(".policy");
      if (policy) policy.textContent = doc.policy_area.replaceAll("_", " ");
    }
  }

  function label(record) {
    return (record.dataset.kind === "events" ? "Event " : "Statement ") + record.dataset.id;
  }

  async function send(record, body, quiet = false) {
    try {
      const doc = await api("PATCH", "/v1/" + record.dataset.kind + "/" + record.dataset.id, body);
      if (quiet) return doc; // the page is about to be redrawn
      show(record, doc);
      say(label(record) + " is now " + doc.review_state + ".");
      return doc;
    } catch (e) {
      say(label(record) + ": " + e.message);
      return null;
    }
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

  function spanOf(form, name) {
    const start = form.querySelector('[name="' + name + '_start"]');
    const end = form.querySelector('[name="' + name + '_end"]');
    return start && end ? [Number(start.value), Number(end.value)] : null;
  }

  function participantsOf(form) {
    return Array.from(form.querySelectorAll(".participant")).map((row) => ({
      actor_id: Number(row.querySelector('[name="participant_actor"]').value),
      role: row.querySelector('[name="participant_role"]').value,
    }));
  }

  function key(pairs) {
    return pairs
      .map((p) => p.actor_id + ":" + p.role)
      .sort((a, b) => Number(a.split(":")[0]) - Number(b.split(":")[0]) || a.localeCompare(b))
      .join(" ");
  }

  // Only what the reviewer changed is sent: saving an untouched form changes nothing.
  function eventChanges(form) {
    const data = new FormData(form);
    const body = {};
    ["type", "policy_area"].forEach((name) => {
      if (data.get(name) !== form.dataset[name]) body[name] = data.get(name);
    });
    const parts = participantsOf(form);
    if (key(parts) !== form.dataset.participants) body.participants = parts;
    const evidence = spanOf(form, "evidence");
    if (evidence.join(" ") !== form.dataset.evidence) body.evidence = evidence;
    return body;
  }

  function statementChanges(form) {
    const data = new FormData(form);
    const body = {};
    const speaker = data.get("speaker_id");
    if (speaker !== form.dataset.speaker_id) body.speaker_id = speaker ? Number(speaker) : null;
    if (data.get("kind") !== form.dataset.kind_) body.kind = data.get("kind");
    if (data.get("verb").trim() !== form.dataset.verb) body.verb = data.get("verb").trim();
    const eventId = data.get("event_id");
    if (eventId !== form.dataset.event_id) body.event_id = eventId ? Number(eventId) : null;
    const span = spanOf(form, "span");
    if (span.join(" ") !== form.dataset.span) body.span = span;
    return body;
  }

  records.forEach((record, index) => {
    record.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (current !== index && !event.target.closest("form, summary")) select(index, !button);
      if (button) {
        event.preventDefault();
        if (current !== index) select(index, false);
        review(button.dataset.action);
      }
    });
    const form = record.querySelector("form.correct");
    if (!form) return;
    form.addEventListener("click", (event) => {
      const target = event.target.closest("button");
      if (!target) return;
      if (target.hasAttribute("data-remove-participant")) {
        const row = target.closest(".participant");
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        (next ? next.querySelector("select") : form.querySelector("[data-add-participant]")).focus();
        say("Participant removed; save the correction to keep it.");
      } else if (target.hasAttribute("data-add-participant")) {
        const list = form.querySelector(".participant-rows");
        const row = document.createElement("li");
        row.className = "participant";
        row.innerHTML = participantRow();
        list.appendChild(row);
        row.querySelector("select").focus();
      } else if (target.hasAttribute("data-use-selection")) {
        const span = selected();
        const field = target.closest(".span-field");
        if (!span) {
          say("Select text in the article first (or find it under “Selected text”).");
          return;
        }
        field.querySelector('[name$="_start"]').value = span[0];
        field.querySelector('[name$="_end"]').value = span[1];
        field.querySelector(".span-text").textContent = slice(span[0], span[1]);
        say("The span is now “" + slice(span[0], span[1]) + "”; save the correction to keep it.");
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = record.dataset.kind === "events" ? eventChanges(form) : statementChanges(form);
      if (!Object.keys(body).length) {
        say(label(record) + ": nothing changed.");
        return;
      }
      const simple = Object.keys(body).every((k) => ["type", "policy_area", "kind"].includes(k));
      const doc = await send(record, body, !simple);
      if (doc && !simple) reloadWith(label(record) + " is now corrected.", record.id);
    });
  });

  // A new participant row: the same actor and role choices as the page's first one, or the actor list.
  function participantRow() {
    const actors = document.querySelector('#add-event [name="participant_actor"]');
    const options = Array.from(actors ? actors.options : [])
      .filter((o) => o.value)
      .map((o) => '<option value="' + o.value + '">' + escapeHtml(o.textContent) + "</option>")
      .join("");
    return (
      '<label>Actor <select name="participant_actor" aria-label="Actor">' + options + "</select></label>" +
      '<label>Role <select name="participant_role" aria-label="Role"><option value="actor">actor</option>' +
      '<option value="recipient">recipient</option></select></label>' +
      '<button type="button" data-remove-participant aria-label="Remove this participant">Remove</button>'
    );
  }

  function escapeHtml(value) {
    const div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  document.querySelectorAll(".hl-evidence, .hl-statement").forEach((span) => {
    span.addEventListener("click", () => {
      if (!window.getSelection().isCollapsed) return;
      const kind = span.classList.contains("hl-statement") ? "statements" : "events";
      const ids = (span.dataset[kind === "events" ? "evidence" : "statement"] || "").split(" ");
      const index = records.findIndex((r) => r.dataset.kind === kind && r.dataset.id === ids[0]);
      if (index >= 0) select(index);
    });
  });

  // ---- mentions: span from the selection, reject / restore ----
  document.querySelectorAll(".mention").forEach((row) => {
    row.addEventListener("click", async (event) => {
      const button = event.target.closest("button");
      if (!button || button.disabled) return;
      const id = row.dataset.id;
      let body;
      if (button.hasAttribute("data-mention-span")) {
        const span = selected();
        if (!span) {
          say("Select text in the article first (or find it under “Selected text”).");
          return;
        }
        body = { span: span };
      } else {
        body = { review_state: button.dataset.mentionVerdict };
      }
      try {
        const doc = await api("PATCH", "/v1/mentions/" + id, body);
        reloadWith("Mention " + id + " (" + doc.span.text + ") is now " + doc.review_state + ".", "actor-" + doc.actor.id);
      } catch (e) {
        say("Mention " + id + ": " + e.message);
      }
    });
  });

  // ---- adding what the annotator missed ----
  function needSelection() {
    const span = selected();
    if (!span) say("Select text in the article first (or find it under “Selected text”).");
    return span;
  }

  function onSubmit(id, build) {
    const form = document.getElementById(id);
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const span = needSelection();
      if (!span) return;
      try {
        await build(new FormData(form), span);
      } catch (e) {
        say(e.message);
      }
    });
  }

  onSubmit("add-event", async (data, span) => {
    const body = { article_id: articleId, type: data.get("type"), policy_area: data.get("policy_area"), evidence: span };
    if (data.get("summary").trim()) body.summary = data.get("summary").trim();
    if (data.get("participant_actor")) {
      body.participants = [{ actor_id: Number(data.get("participant_actor")), role: data.get("participant_role") }];
    }
    const doc = await api("POST", "/v1/events", body);
    reloadWith("Event " + doc.id + " (" + doc.type.replaceAll("_", " ") + ") added.", "event-" + doc.id);
  });

  onSubmit("add-statement", async (data, span) => {
    const body = { article_id: articleId, span: span, kind: data.get("kind"), verb: data.get("verb").trim() };
    if (data.get("speaker_id")) body.speaker_id = Number(data.get("speaker_id"));
    if (data.get("event_id")) body.event_id = Number(data.get("event_id"));
    const doc = await api("POST", "/v1/statements", body);
    reloadWith("Statement " + doc.id + " added.", "statement-" + doc.id);
  });

  onSubmit("add-mention", async (data, span) => {
    const body = { article_id: articleId, span: span };
    if (data.get("actor_id") === "new") {
      body.actor = { kind: data.get("actor_kind"), name: data.get("name").trim() || slice(span[0], span[1]) };
      if (data.get("country").trim()) body.actor.country = data.get("country").trim().toUpperCase();
    } else {
      body.actor_id = Number(data.get("actor_id"));
    }
    const doc = await api("POST", "/v1/mentions", body);
    let message = "Mention of " + doc.actor.name + " added.";
    const eventId = data.get("event_id");
    if (eventId) {
      const form = document.querySelector('form.correct[data-kind="events"][data-id="' + eventId + '"]');
      const parts = participantsOf(form).filter((p) => !(p.actor_id === doc.actor.id && p.role === data.get("role")));
      parts.push({ actor_id: doc.actor.id, role: data.get("role") });
      await api("PATCH", "/v1/events/" + eventId, { participants: parts });
      message += " " + doc.actor.name + " is now a participant (" + data.get("role") + ") of event " + eventId + ".";
      reloadWith(message, "event-" + eventId);
      return;
    }
    reloadWith(message, "actor-" + doc.actor.id);
  });

  // ---- keys ----
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
        const record = records[current];
        const details = record && record.querySelector("details.edit");
        if (!details) return;
        details.open = true;
        const field = details.querySelector("select, input");
        if (field && !field.disabled) field.focus();
        else details.querySelector("summary").focus();
        break;
      }
      case "f": {
        const input = document.getElementById("find-text");
        if (!input) return;
        input.focus();
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
