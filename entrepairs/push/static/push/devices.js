/* The devices page: turn notifications on or off for this browser (Push API), then tell the server. */
(function () {
  "use strict";
  var box = document.querySelector("[data-push-device]");
  if (!box || !box.getAttribute("data-public-key")) return;
  var status = box.querySelector("[data-push-status]");
  var on = box.querySelector("[data-push-on]");
  var off = box.querySelector("[data-push-off]");
  var texts = {};
  var template = box.querySelector("template[data-push-messages]");
  Array.prototype.forEach.call(template.content.querySelectorAll("[data-msg]"), function (node) {
    texts[node.getAttribute("data-msg")] = node.textContent;
  });

  function say(key) { status.textContent = texts[key] || ""; }
  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : field ? field.value : "";
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    }).then(function (response) { if (!response.ok) throw new Error(response.status); return response; });
  }
  function key() {
    var text = box.getAttribute("data-public-key").replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(text + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function show(subscribed) {
    on.hidden = subscribed; off.hidden = !subscribed;
    say(subscribed ? "on" : "off");
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    return;
  }
  if (Notification.permission === "denied") { say("denied"); return; }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    registration.pushManager.getSubscription().then(function (current) { show(!!current); });
    on.addEventListener("click", function () {
      on.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { say("denied"); return null; }
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key() })
          .then(function (subscription) {
            return post(box.getAttribute("data-subscribe-url"), subscription.toJSON()).then(function () {
              show(true);
              window.location.reload();
            });
          });
      }).catch(function () { say("failed"); }).then(function () { on.disabled = false; });
    });
    off.addEventListener("click", function () {
      off.disabled = true;
      registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) return show(false);
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(box.getAttribute("data-unsubscribe-url"), { endpoint: endpoint });
        }).then(function () { show(false); window.location.reload(); });
      }).catch(function () { say("failed"); }).then(function () { off.disabled = false; });
    });
  }).catch(function () { say("unsupported"); });
})();
