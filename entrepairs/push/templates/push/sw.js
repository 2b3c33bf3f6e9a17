{% autoescape off %}/* Entrepairs service worker (served from /sw.js: its scope is the whole site).

- Keeps the app shell (the offline page, the stylesheet, the scripts, the icons) from the first visit.
- Pages always come from the network: a member's pages are private and are never stored on the device.
  Without a connection, a page asked for shows the offline page instead.
- Static files: from the device at once, refreshed from the network behind.
- Push: shows the notification the server sent (it says only what the member and the network allow),
  sets the unread count on the app icon (Badging API), and opens the right page when tapped. */
"use strict";

const SHELL = "entrepairs-shell-v1";
const PRECACHE = {{ precache }};
const OFFLINE = "/offline/";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.open(SHELL).then((cache) =>
        cache.match(request).then((cached) => {
          const fresh = fetch(request).then((response) => {
            if (response.ok) cache.put(request, response.clone());
            return response;
          });
          if (cached) {
            event.waitUntil(fresh.catch(() => undefined));
            return cached;
          }
          return fresh;
        })
      )
    );
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = data.title || "Entrepairs";
  const shown = self.registration.showNotification(title, {
    body: data.body || "",
    tag: data.tag || "entrepairs",
    renotify: false,
    icon: "{{ icon }}",
    badge: "{{ badge }}",
    data: { url: data.url || "/" },
  });
  const badge = typeof data.badge === "number" && self.navigator.setAppBadge
    ? (data.badge > 0 ? self.navigator.setAppBadge(data.badge) : self.navigator.clearAppBadge()).catch(() => undefined)
    : Promise.resolve();
  event.waitUntil(Promise.all([shown, badge]));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (new URL(client.url).pathname === target.pathname && "focus" in client) return client.focus();
      }
      for (const client of windows) {
        if ("navigate" in client) return client.navigate(target.href).then((opened) => (opened || client).focus());
      }
      return self.clients.openWindow(target.href);
    })
  );
});
{% endautoescape %}
