// The composer's live privacy check (issue 5). htmx posts the composer's text fields to
// /n/<slug>/privacy/check/ as the member types (see privacy/_live_check.html) and swaps the findings
// into the panel; this module adds what htmx alone cannot: one-click replacement of a finding,
// "show it in my text", announcing the count to screen readers, and the refusals' messages.
// No build step, no inline script (CSP script-src 'self'); included once per composer, runs once.
(function () {
  "use strict";
  if (window.entrepairsPrivacyComposer || !window.htmx) return;
  window.entrepairsPrivacyComposer = true;

  var CHECK = "[data-privacy-check]";

  function fieldNames(check) {
    return (check.dataset.fields || "").split(",").filter(Boolean);
  }

  function field(check, name) {
    var form = check.closest("form");
    var found = form && form.elements.namedItem(name);
    return found && typeof found.value === "string" && found.setRangeText ? found : null;
  }

  function isEmpty(check) {
    return fieldNames(check).every(function (name) {
      var input = field(check, name);
      return !input || !input.value.trim();
    });
  }

  function recheck(check) {
    window.htmx.trigger(check, "privacy-recheck");
  }

  function announce(check, count, summary) {
    // Only when the count changes: a screen reader hears "2 items to check" once, not at every pause.
    var status = check.querySelector("[data-privacy-status]");
    var previous = check.dataset.lastCount || "0";
    check.dataset.lastCount = String(count);
    if (!status || previous === String(count)) return;
    status.textContent = count === 0 ? (previous !== "0" ? check.dataset.labelClear : "") : summary;
  }

  // Each checked field shows the strongest action among its findings (outline colour, see the CSS).
  function flagFields(check) {
    var strongest = {};
    var rank = { allow: 1, confirm: 2, block: 3 };
    check.querySelectorAll("[data-privacy-finding]").forEach(function (item) {
      var action = (item.className.match(/privacy-(block|confirm|allow)/) || [])[1];
      if (action && (rank[action] || 0) > (rank[strongest[item.dataset.field]] || 0)) strongest[item.dataset.field] = action;
    });
    var several = fieldNames(check).length > 1;
    fieldNames(check).forEach(function (name) {
      var input = field(check, name);
      if (!input) return;
      if (strongest[name]) input.dataset.privacyFlag = strongest[name];
      else delete input.dataset.privacyFlag;
      if (several) note(check, input, Boolean(strongest[name]));
    });
  }

  // On a long form (a clinical case) the panel may be far below the field being typed in: a note
  // under the field says so, leads to its first finding, and is read with the field (aria-describedby).
  function note(check, input, needed) {
    var id = (input.id || input.name) + "-privacy-note";
    var existing = document.getElementById(id);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (token) {
      return token && token !== id;
    });
    if (!needed) {
      if (existing) existing.remove();
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
      return;
    }
    if (existing) return;
    var button = document.createElement("button");
    button.type = "button";
    button.id = id;
    button.className = "link-button privacy-note";
    button.dataset.privacyNote = input.name;
    button.textContent = check.dataset.labelNote;
    input.insertAdjacentElement("afterend", button);
    described.push(id);
    input.setAttribute("aria-describedby", described.join(" "));
  }

  function goToFinding(noteButton) {
    var check = noteButton.closest("form").querySelector(CHECK);
    var item = check && check.querySelector('[data-privacy-finding][data-field="' + noteButton.dataset.privacyNote + '"]');
    if (!item) return;
    item.scrollIntoView({ block: "center", behavior: "smooth" });
    item.querySelector("[data-privacy-replace]").focus({ preventScroll: true });
  }

  // Forms with several checked fields say which field each finding is in, with the field's own label.
  function nameFields(check) {
    check.querySelectorAll("[data-privacy-where]").forEach(function (where) {
      var input = field(check, where.closest("[data-privacy-finding]").dataset.field);
      var label = input && input.labels && input.labels[0];
      if (!label) return;
      where.textContent = label.textContent.trim();
      where.hidden = false;
    });
  }

  function refresh(check) {
    var results = check.querySelector(".privacy-results");
    var count = results ? Number(results.dataset.privacyCount) : 0;
    var summary = check.querySelector("[data-privacy-summary]");
    announce(check, count, summary ? summary.textContent.trim() : "");
    flagFields(check);
    nameFields(check);
  }

  function clear(check) {
    var panel = check.querySelector("[data-privacy-panel]");
    if (panel) panel.textContent = "";
    refresh(check);
  }

  function showMessage(check, text) {
    var panel = check.querySelector("[data-privacy-panel]");
    if (!panel) return;
    var box = document.createElement("div");
    box.className = "privacy-results";
    box.dataset.privacyCount = "-1";
    var paragraph = document.createElement("p");
    paragraph.className = "privacy-refused";
    paragraph.dataset.privacySummary = "";
    paragraph.textContent = text;
    box.appendChild(paragraph);
    panel.replaceChildren(box);
    refresh(check);
  }

  // The finding's field and offsets, if the field still holds the flagged value there.
  function locate(item) {
    var check = item.closest(CHECK);
    var input = field(check, item.dataset.field);
    var start = Number(item.dataset.start);
    var end = Number(item.dataset.end);
    var flagged = item.querySelector("[data-privacy-flagged]").textContent;
    if (!input || input.value.slice(start, end) !== flagged) return null;
    return { check: check, input: input, start: start, end: end };
  }

  function replace(item) {
    var found = locate(item);
    if (!found) { recheck(item.closest(CHECK)); return; } // the text changed since: ask again
    var replacement = item.dataset.replacement;
    // setRangeText changes the value without focusing the field: on a phone the keyboard stays closed.
    found.input.setRangeText(replacement, found.start, found.end, "end");
    var shift = replacement.length - (found.end - found.start);
    found.check.querySelectorAll("[data-privacy-finding]").forEach(function (other) {
      if (other === item || other.dataset.field !== item.dataset.field) return;
      if (Number(other.dataset.start) >= found.end) {
        other.dataset.start = Number(other.dataset.start) + shift;
        other.dataset.end = Number(other.dataset.end) + shift;
      }
    });
    item.remove();
    // Other scripts (typing indicators, drafts) see the change; the recheck that follows cancels the
    // delayed one this input event schedules, so one request goes out, now.
    found.input.dispatchEvent(new Event("input", { bubbles: true }));
    recheck(found.check);
  }

  function select(item) {
    var found = locate(item);
    if (!found) { recheck(item.closest(CHECK)); return; }
    found.input.focus();
    found.input.setSelectionRange(found.start, found.end);
    found.input.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  document.addEventListener("click", function (event) {
    var noteButton = event.target.closest("[data-privacy-note]");
    if (noteButton) { event.preventDefault(); goToFinding(noteButton); return; }
    var button = event.target.closest("[data-privacy-replace], [data-privacy-select]");
    var item = button && button.closest("[data-privacy-finding]");
    if (!item) return;
    event.preventDefault();
    if (button.hasAttribute("data-privacy-replace")) replace(item);
    else select(item);
  });

  // An empty composer needs no request.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var check = event.target.closest && event.target.closest(CHECK);
    if (check && isEmpty(check)) { event.preventDefault(); clear(check); }
  });

  // Refusals (too fast, too long, malformed) are fragments meant for the panel: show them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var check = event.target.closest && event.target.closest(CHECK);
    var status = event.detail.xhr.status;
    if (check && (status === 400 || status === 413 || status === 429)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var check = event.target.closest && event.target.closest(CHECK);
    if (check) refresh(check);
  });

  function unavailable(event) {
    var check = event.target.closest && event.target.closest(CHECK);
    if (check) showMessage(check, check.dataset.labelUnavailable);
  }
  document.addEventListener("htmx:responseError", unavailable);
  document.addEventListener("htmx:sendError", unavailable);

  // A composer that sends without reloading (messages over the websocket) empties its field without
  // an input event: clear the panel with it.
  document.addEventListener("submit", function (event) {
    var check = event.target.querySelector && event.target.querySelector(CHECK);
    if (check) window.setTimeout(function () { if (isEmpty(check)) clear(check); }, 0);
  });

  // A composer that opens with text (an edit, a quote, a form sent back with errors) is checked at once.
  window.htmx.onLoad(function (root) {
    var checks = root.matches && root.matches(CHECK) ? [root] : Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll(CHECK) : []);
    checks.forEach(function (check) { if (!isEmpty(check)) recheck(check); });
  });
})();
