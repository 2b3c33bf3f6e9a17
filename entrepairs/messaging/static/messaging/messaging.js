// Entrepairs messaging client (protocol: docs/messaging-protocol.md). No build step, no inline
// script (CSP script-src 'self'). Every page also works without it: it only makes them live.
// After a cut it reconnects and resumes from the last sequence it saw, and resends unacknowledged
// messages with their original client_id, which the server stores once.
// Offline (a weak connection, a tunnel): a message written meanwhile waits in the page, marked as
// waiting, and goes with its client_id as soon as the socket is back (at once when the browser says
// it is online again); the server stores it once whatever the number of tries.
// A message the socket announces (new, edited, deleted) is shown with the server's own markup,
// fetched from the conversation's items URL: the same quote, attachment and actions (Reply, Edit,
// Delete) as the messages the page came with. The frame's text is only a fallback.
(function () {
  "use strict";
  var log = document.getElementById("chat-log");
  var list = document.getElementById("conversation-list");
  var root = log || list;
  if (!root || !window.WebSocket || !root.dataset.socket) return;

  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + root.dataset.socket;
  var conversation = log ? Number(log.dataset.conversation) : null;
  var me = log ? Number(log.dataset.member) : null;
  var lastSequence = log ? Number(log.dataset.lastSequence) || 0 : 0;
  var live = Boolean(log && log.dataset.live === "1");
  var status = document.getElementById("chat-status");
  var composer = document.querySelector("[data-composer]");
  var replyField = composer && composer.querySelector('input[name="reply_to"]');
  var replyPreview = composer && composer.querySelector("[data-reply-preview]");
  var pending = new Map(); // client_id -> {frame, element}
  var wanted = new Map(); // message id -> the frame announcing it, or null (a quote to refresh)
  var unfetched = new Set(); // ids shown from their frame only: fetched again with the next ones
  var fetchTimer = null;
  var socket = null;
  var attempts = 0;
  var readTimer = null;
  var lastTyping = 0;
  var typingTimer = null;
  var opened = false; // the socket opened once: from then on, sends wait for it instead of posting
  var retryTimer = null;

  function setStatus(text) { if (status) status.textContent = text || ""; }
  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN && navigator.onLine !== false) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function disconnectedStatus() {
    // A message written offline keeps saying it will go when the connection returns: each retry
    // that fails while offline would otherwise replace that with "Reconnecting…".
    var waiting = false;
    pending.forEach(function (item) { if (item.element.classList.contains("is-waiting")) waiting = true; });
    return waiting ? log.dataset.labelWaitingStatus : log.dataset.labelOffline;
  }

  function connect() {
    retryTimer = null;
    socket = new WebSocket(url);
    socket.addEventListener("open", function () {
      attempts = 0;
      opened = true;
      setStatus("");
      if (!live) return;
      send({ type: "resume", conversation: conversation, last_sequence: lastSequence });
      pending.forEach(function (item) { send(item.frame); markWaiting(item, false); });
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      handle(frame);
    });
    socket.addEventListener("close", function (event) {
      // 4401 signed out, 4403 account deactivated, 4404 no longer a member, 4410 verification
      // lapsed (docs/messaging-protocol.md): retrying cannot help.
      if ([4401, 4403, 4404, 4410].indexOf(event.code) !== -1) return;
      if (log) setStatus(disconnectedStatus());
      var delay = Math.min(30000, 500 * Math.pow(2, attempts++)) + Math.random() * 500;
      retryTimer = window.setTimeout(connect, delay);
    });
  }

  // Back online: reconnect now rather than at the end of the back-off.
  window.addEventListener("online", function () {
    if (retryTimer !== null) { window.clearTimeout(retryTimer); connect(); }
  });
  // Offline: a socket may look open for a long while after the network went (nothing tells TCP).
  // Close it, so that what is written now waits visibly instead of vanishing into a dead socket.
  window.addEventListener("offline", function () {
    if (socket && socket.readyState === WebSocket.OPEN) socket.close();
  });

  function markWaiting(item, waiting) {
    // A message written offline says so until it is sent (docs/pwa.md).
    var label = item.element.querySelector("[data-waiting]");
    item.element.classList.toggle("is-waiting", waiting);
    if (waiting && !label && log) {
      label = element("span", "chat-waiting small", " " + log.dataset.labelWaiting);
      label.setAttribute("data-waiting", "");
      var meta = item.element.querySelector(".chat-meta");
      (meta || item.element).appendChild(label);
    } else if (!waiting && label) {
      label.remove();
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // text only: nothing a member writes becomes HTML
    return node;
  }

  function render(frame) {
    var item = element("li", "chat-message");
    if (frame.sender && frame.sender.id === me) item.classList.add("is-mine");
    if (frame.deleted) item.classList.add("is-deleted");
    item.id = "m" + frame.sequence;
    item.dataset.id = frame.id;
    item.dataset.sequence = frame.sequence;
    item.dataset.changeSequence = frame.change_sequence;
    var meta = element("p", "chat-meta");
    meta.appendChild(element("strong", "", frame.sender ? frame.sender.name : ""));
    meta.appendChild(document.createTextNode(" "));
    // Day and minutes, in the page's language, like the server-rendered messages.
    var shown = new Date(frame.created_at).toLocaleString(document.documentElement.lang || undefined,
                                                          { dateStyle: "short", timeStyle: "short" });
    var time = element("time", "muted small", shown);
    time.setAttribute("datetime", frame.created_at);
    meta.appendChild(time);
    if (frame.edited && !frame.deleted) meta.appendChild(element("span", "muted small", " " + log.dataset.labelEdited));
    item.appendChild(meta);
    if (frame.deleted) {
      item.appendChild(element("p", "chat-body muted", log.dataset.labelDeleted));
      return item;
    }
    if (frame.body) item.appendChild(element("p", "chat-body", frame.body));
    if (frame.attachment) {
      var paragraph = element("p", "chat-attachment");
      var link = element("a", "", frame.attachment.name);
      link.href = frame.attachment.url;
      paragraph.appendChild(link);
      item.appendChild(paragraph);
    }
    return item;
  }

  // Shows one message: in place of what showed it before, unless that is a later version (answers
  // to fetches can come back out of order), or else at its place in sequence order.
  function place(fresh) {
    var existing = log.querySelector('[data-id="' + fresh.dataset.id + '"]');
    if (existing && Number(existing.dataset.changeSequence) > Number(fresh.dataset.changeSequence)) return;
    var empty = log.querySelector("[data-empty]");
    if (empty) empty.remove();
    var stuck = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (existing) existing.replaceWith(fresh);
    else {
      var sequence = Number(fresh.dataset.sequence);
      var later = Array.prototype.find.call(log.children, function (node) {
        return Number(node.dataset.sequence) > sequence;
      });
      log.insertBefore(fresh, later || null);
    }
    if (stuck) log.scrollTop = log.scrollHeight;
  }

  // Asks for a message's markup; the requests of one burst (a resume replays up to 500 changes)
  // go together, a page at a time.
  function want(id, frame) {
    id = String(id);
    if (frame || !wanted.has(id)) wanted.set(id, frame || null);
    if (!fetchTimer) fetchTimer = window.setTimeout(fetchWanted, 20);
  }

  function fetchWanted() {
    fetchTimer = null;
    // Whatever a failed fetch left with its frame's text only comes along.
    unfetched.forEach(function (id) { if (!wanted.has(id)) wanted.set(id, null); });
    unfetched.clear();
    var batch = Array.from(wanted.entries()).slice(0, 50);
    batch.forEach(function (entry) { wanted.delete(entry[0]); });
    if (wanted.size) fetchTimer = window.setTimeout(fetchWanted, 0);
    var ids = batch.map(function (entry) { return entry[0]; });
    window.fetch(log.dataset.items + "?ids=" + ids.join(","), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html; // the server's markup, where everything a member wrote is escaped
        var found = {};
        Array.prototype.forEach.call(template.content.children, function (node) { found[node.dataset.id] = node; });
        batch.forEach(function (entry) {
          // Left out: no longer readable (the socket hears of the removal next); the frame stands.
          if (found[entry[0]]) place(found[entry[0]]);
          else if (entry[1]) place(render(entry[1]));
        });
      })
      .catch(function () {
        // Offline or the server failing: nothing is lost, the text shows now and the actions with
        // the next fetch (the next message, or the resume after a cut).
        batch.forEach(function (entry) {
          unfetched.add(entry[0]);
          if (entry[1]) place(render(entry[1]));
        });
      });
  }

  function confirmSent(item, frame) {
    item.element.classList.remove("is-pending");
    item.element.dataset.id = frame.id;
    item.element.dataset.sequence = frame.sequence;
  }

  function markRead() {
    if (readTimer || document.hidden) return;
    readTimer = window.setTimeout(function () {
      readTimer = null;
      send({ type: "read", conversation: conversation, sequence: lastSequence });
    }, 400);
  }

  function handle(frame) {
    if (frame.type === "unread") {
      // The header's Messages badge (web/chrome.py, messages_badge) asks the server for the new count.
      document.body.dispatchEvent(new CustomEvent("messages-unread"));
    }
    if (frame.type === "unread" && list) {
      var row = list.querySelector('[data-conversation="' + frame.conversation + '"]');
      if (!row) { window.location.reload(); return; }
      row.classList.add("has-unread");
      // The row's count (messaging/_unread_row.html) asks the server for its number and label.
      document.body.dispatchEvent(new CustomEvent("messages-unread-" + frame.conversation));
      return;
    }
    if (frame.type === "conversation_added" && list) { window.location.reload(); return; }
    if (!log || frame.conversation !== conversation) {
      if (frame.type === "error") setStatus(frame.message);
      return;
    }
    if (frame.type === "message") {
      lastSequence = Math.max(lastSequence, frame.change_sequence);
      if (frame.kind === "system") {
        // Membership changes are rare: the page shows them translated, and the people, after a reload.
        if (!document.getElementById("m" + frame.sequence)) window.location.reload();
        return;
      }
      var sent = frame.sender && frame.sender.id === me && frame.client_id && pending.get(frame.client_id);
      if (sent) {
        // What this tab sent stays shown until the server's markup replaces it.
        pending.delete(frame.client_id);
        confirmSent(sent, frame);
      }
      want(frame.id, frame);
      if (frame.edited || frame.deleted) {
        // Replies quoting it show the new text, or "Deleted message".
        log.querySelectorAll('[data-quotes="' + frame.id + '"]').forEach(function (node) { want(node.dataset.id, null); });
      }
      if (!frame.sender || frame.sender.id !== me) {
        markRead();
        // Whoever was typing has sent: their "is typing" line goes.
        window.clearTimeout(typingTimer);
        setStatus("");
      }
    } else if (frame.type === "ack") {
      if (frame.support && composer) {
        // Crisis response: the sender sees support lines at once (docs/moderation.md).
        var support = composer.querySelector("[data-support]");
        if (support) {
          support.querySelector("[data-support-lines]").textContent = frame.support.join(" · ");
          support.hidden = false;
        }
      }
      var item = pending.get(frame.client_id);
      if (item) {
        pending.delete(frame.client_id);
        if (log.querySelector('[data-id="' + frame.id + '"]')) item.element.remove();
        else confirmSent(item, frame);
      }
    } else if (frame.type === "error") {
      var failed = frame.ref !== null && pending.get(frame.ref);
      if (failed) {
        pending.delete(frame.ref);
        failed.element.remove();
        var body = composer && composer.querySelector("textarea");
        if (body && !body.value) body.value = failed.frame.body; // the typed text is never lost
        if (failed.frame.reply_to && replyField && !replyField.value) {
          // Nor whom it answered (the privacy check's page, posted below, keeps it too).
          var quoted = log.querySelector('[data-id="' + failed.frame.reply_to + '"]');
          if (quoted) replyTo(quoted); else replyField.value = failed.frame.reply_to;
        }
        if (composer && /^privacy_/.test(frame.code || "")) {
          // The page explains what was found and asks for the confirmation: post the form as a page.
          composer.submit();
          return;
        }
      }
      var error = composer && composer.querySelector("[data-composer-error]");
      if (error) { error.textContent = frame.message; error.hidden = false; } else setStatus(frame.message);
    } else if (frame.type === "typing") {
      setStatus(frame.member.name + " " + log.dataset.labelTyping);
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { setStatus(""); }, 4000);
    } else if (frame.type === "removed") {
      live = false;
      if (composer) composer.hidden = true;
      window.location.reload();
    } else if (frame.type === "resync_required") {
      window.location.reload();
    } else if (frame.type === "subscribed") {
      lastSequence = Math.max(lastSequence, frame.sequence);
      if (unfetched.size) want(unfetched.values().next().value, null);
      markRead();
    }
  }

  // Reply on any message, live or not, fills the composer's reply-to without a reload (the link
  // reloads the page with ?reply= where this script does not run).
  function replyTo(item) {
    if (!replyField || !replyPreview) return false;
    var textarea = composer.querySelector("textarea");
    replyField.value = item ? item.dataset.id : "";
    replyPreview.hidden = !item;
    describeBy(textarea, replyPreview.id, Boolean(item));
    if (!item) return true;
    var body = item.querySelector(".chat-body");
    var text = body ? (body.innerText || body.textContent).replace(/\s+/g, " ").trim() : "";
    replyPreview.querySelector("[data-reply-name]").textContent = item.querySelector(".chat-meta strong").textContent;
    // Like the server's truncatechars:120.
    replyPreview.querySelector("[data-reply-excerpt]").textContent = text.length > 120 ? text.slice(0, 119) + "…" : text;
    textarea.focus();
    return true;
  }

  function describeBy(field, id, on) {
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (each) { return each && each !== id; });
    if (on) ids.unshift(id);
    if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
    else field.removeAttribute("aria-describedby");
  }

  if (log) {
    log.addEventListener("click", function (event) {
      var link = event.target.closest("[data-reply]");
      if (link && replyTo(link.closest(".chat-message"))) event.preventDefault();
    });
  }
  if (replyPreview) {
    replyPreview.querySelector("[data-reply-cancel]").addEventListener("click", function (event) {
      if (replyTo(null)) event.preventDefault();
    });
    if (!replyPreview.hidden) describeBy(composer.querySelector("textarea"), replyPreview.id, true);
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) return "js-" + window.crypto.randomUUID();
    return "js-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  if (composer && live) {
    var textarea = composer.querySelector("textarea");
    composer.addEventListener("submit", function (event) {
      var file = composer.querySelector('input[type="file"]');
      var connected = socket && socket.readyState === WebSocket.OPEN;
      // A file goes as a plain POST; so does everything when the socket never opened (a network
      // that blocks websockets). Once it opened, a cut makes the message wait in the page instead.
      if ((file && file.files.length) || !socket || (!connected && !opened)) return; // plain POST
      var body = textarea.value.trim();
      if (!body) return;
      event.preventDefault();
      var clientId = newClientId();
      var frame = { type: "send", conversation: conversation, client_id: clientId, body: body, ref: clientId };
      if (replyField && replyField.value) frame.reply_to = Number(replyField.value);
      var confirmed = composer.querySelectorAll('input[name="confirm_privacy"][type="hidden"], input[name="confirm_privacy"]:checked');
      if (confirmed.length) frame.confirm_privacy = Array.prototype.map.call(confirmed, function (input) { return input.value; });
      var shown = render({ id: "", sequence: Number.MAX_SAFE_INTEGER, change_sequence: 0, sender: { id: me, name: "" },
                           body: body, created_at: new Date().toISOString() });
      shown.classList.add("is-pending");
      shown.removeAttribute("id");
      // Read out once, when the server's version replaces it, not twice.
      shown.setAttribute("aria-hidden", "true");
      log.appendChild(shown);
      log.scrollTop = log.scrollHeight;
      var item = { frame: frame, element: shown };
      pending.set(clientId, item);
      if (!send(frame)) {
        markWaiting(item, true);
        shown.removeAttribute("aria-hidden");  // read out now: it is not sent yet
        setStatus(log.dataset.labelWaitingStatus);
      }
      textarea.value = "";
      replyTo(null);
      var error = composer.querySelector("[data-composer-error]");
      if (error) error.hidden = true;
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping > 3000) { lastTyping = now; send({ type: "typing", conversation: conversation }); }
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); composer.requestSubmit(); }
    });
  }
  if (log) log.scrollTop = log.scrollHeight;
  document.addEventListener("visibilitychange", function () { if (!document.hidden && live) markRead(); });
  connect();
})();
