/* "View as": typing or picking a pseudonym chooses "A specific member"; choosing another viewer
 * clears the pseudonym, so the form never sends a name the member did not mean. Without this script
 * the radio buttons and the field work as they are. */
(function () {
  "use strict";
  function start() {
    document.querySelectorAll("form[data-view-as]").forEach(function (form) {
      var name = form.querySelector("input[name=name]");
      var specific = form.querySelector("input[name=as][value=member]");
      if (!name || !specific) { return; }
      name.addEventListener("input", function () { if (name.value.trim()) { specific.checked = true; } });
      form.querySelectorAll("input[name=as]").forEach(function (radio) {
        radio.addEventListener("change", function () { if (radio.value !== "member") { name.value = ""; } });
      });
      form.addEventListener("submit", function () { if (name.value.trim()) { specific.checked = true; } });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
