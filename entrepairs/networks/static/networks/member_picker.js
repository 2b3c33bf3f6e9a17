/* Members by pseudonym, as one types: no build step, no dependency.
 *
 * Mentions: in a form with data-mention-url, typing "@lou" in a textarea lists the members whose
 * pseudonym starts so (accents ignored); choosing one writes the mention token "@[Loutre Paisible 12] ".
 * Picker: an input (or textarea) with data-member-picker="URL" lists members as one types; choosing one fills the
 * input with the pseudonym (several, comma-separated, when data-member-multiple is set).
 * The list is a fragment from the server (networks:member_suggestions), scoped to the network. */
(function () {
  "use strict";
  var MENTION_BEFORE_CARET = /(^|[\s(])@\[?([^\s@\[\]][^@\[\]\n]{0,30})$/u;

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  function listFor(field) {
    var list = field._suggestions;
    if (!list) {
      list = document.createElement("div");
      list.className = "mention-picker";
      list.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", list);
      field._suggestions = list;
    }
    return list;
  }

  function fetchInto(field, url, query, choose) {
    var list = listFor(field);
    if (!query) { list.innerHTML = ""; return; }
    fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        list.innerHTML = html;
        list.querySelectorAll("button[data-member-name]").forEach(function (button) {
          button.addEventListener("click", function () { choose(button.getAttribute("data-member-name")); list.innerHTML = ""; field.focus(); });
        });
      })
      .catch(function () { list.innerHTML = ""; });
  }

  function keyboard(field) {
    field.addEventListener("keydown", function (event) {
      var list = field._suggestions;
      if (!list) { return; }
      if (event.key === "Escape") { list.innerHTML = ""; }
      if (event.key === "ArrowDown") {
        var first = list.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
  }

  function mentions(form) {
    var url = form.getAttribute("data-mention-url");
    form.querySelectorAll("textarea").forEach(function (area) {
      var lookup = debounce(function () {
        var before = area.value.slice(0, area.selectionStart);
        var found = before.match(MENTION_BEFORE_CARET);
        if (!found) { listFor(area).innerHTML = ""; return; }
        fetchInto(area, url, found[2], function (name) {
          var caret = area.selectionStart;
          var start = area.value.slice(0, caret).search(/@\[?[^@\[\]\n]*$/u);
          var token = "@[" + name + "] ";
          area.value = area.value.slice(0, start) + token + area.value.slice(caret);
          var position = start + token.length;
          area.setSelectionRange(position, position);
          area.dispatchEvent(new Event("input", { bubbles: true }));
        });
      }, 200);
      area.addEventListener("input", lookup);
      keyboard(area);
    });
  }

  function picker(input) {
    var url = input.getAttribute("data-member-picker");
    var multiple = input.hasAttribute("data-member-multiple");
    input.setAttribute("autocomplete", "off");
    var lookup = debounce(function () {
      var parts = input.value.split(/[,\n;]/);
      var current = multiple ? parts[parts.length - 1].trim() : input.value.trim();
      fetchInto(input, url, current, function (name) {
        if (multiple) {
          parts[parts.length - 1] = " " + name;
          input.value = parts.map(function (part) { return part.trim(); }).filter(Boolean).join(", ") + ", ";
        } else {
          input.value = name;
        }
      });
    }, 200);
    input.addEventListener("input", lookup);
    keyboard(input);
  }

  function start() {
    document.querySelectorAll("form[data-mention-url]").forEach(mentions);
    document.querySelectorAll("[data-member-picker]").forEach(picker);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
