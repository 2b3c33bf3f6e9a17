// The page frame's only script: a row of tabs that scrolls sideways shows its current tab (on a phone
// the current space may sit past the right edge).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".tabs [aria-current]").forEach(function (current) {
    var row = current.closest(".tabs");
    if (row.scrollWidth <= row.clientWidth) return;
    var left = current.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
    row.scrollLeft = left - (row.clientWidth - current.offsetWidth) / 2;
  });
});
