/* Every page: registers the service worker (installable app, offline page, notifications) and shows
   the unread count on the app icon where the browser supports the Badging API. */
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* the site works without */ });
    });
  }
  var holder = document.querySelector("[data-app-badge]");
  if (holder && "setAppBadge" in navigator) {
    var count = parseInt(holder.getAttribute("data-app-badge"), 10) || 0;
    (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(function () {});
  }
})();
