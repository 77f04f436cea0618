// kaigi works without this file; it only saves clicks.
(function () {
  "use strict";
  // Selects never save on change (a keyboard user's arrow keys would save
  // each state they pass, WCAG 3.2.2): their form's button saves.
  document.documentElement.classList.add("js");
  // An address that points into closed details (#series-settings) opens them.
  function openTarget() {
    var el = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
  }
  openTarget();
  addEventListener("hashchange", openTarget);
  // "/" focuses the search box, as in most tools people already use.
  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (e.key === "/" && t !== "INPUT" && t !== "TEXTAREA" && t !== "SELECT") {
      var s = document.getElementById("global-search");
      if (s) { e.preventDefault(); s.focus(); }
    }
    // Ctrl/Cmd+Enter saves the form being typed in.
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && e.target.form) {
      e.preventDefault();
      e.target.form.requestSubmit ? e.target.form.requestSubmit() : e.target.form.submit();
    }
  });
  // Copy buttons copy a text box's value (data-copy) or a URL's text
  // (data-copy-url, e.g. the minutes' Markdown), and say how it went in
  // the page's language (data-done, data-failed).
  function copied(b, ok) {
    var msg = ok ? (b.dataset.done || "Copied") : b.dataset.failed;
    if (msg) b.textContent = msg;
    b.classList.toggle("copy-failed", !ok);
  }
  document.addEventListener("click", function (e) {
    var p = e.target.closest && e.target.closest("button.print-now");
    if (p) { window.print(); return; }
    var b = e.target.closest && e.target.closest("button.copy");
    if (!b) return;
    var text;
    if (b.dataset.copyUrl) {
      text = fetch(b.dataset.copyUrl, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      });
    } else {
      var src = document.getElementById(b.dataset.copy);
      if (!src) return;
      text = Promise.resolve(src.value);
    }
    text.then(function (t) { return navigator.clipboard.writeText(t); })
      .then(function () { copied(b, true); }, function () { copied(b, false); });
  });

  // The live meeting page: the server tells it when the change journal
  // moved (server/meeting_events.go); it fetches itself and swaps in the
  // new version, keeping every form a person is typing in.
  var live = document.querySelector("[data-live]"), page = null;
  if (live && window.EventSource && window.fetch && window.DOMParser) page = follow(live);

  function follow(root) {
    var seq = +root.dataset.seq || 0, wanted = seq, busy = false, events = null;
    var shown = same(root.innerHTML);
    // The meeting room (below) swaps in the page its own posts answer with.
    var handle = {
      root: root,
      show: function (html, drop) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById(root.id);
        if (!next || !swap(root, next, drop)) return false;
        seq = Math.max(seq, +next.dataset.seq || 0);
        wanted = Math.max(wanted, seq);
        shown = same(root.innerHTML);
        return true;
      }
    };
    // A hidden tab lets its stream go (a browser allows few connections
    // per server over HTTP/1.1) and catches up when it is shown again.
    function listen() {
      events = new EventSource(root.dataset.live + "?after=" + seq);
      // data-stream says whether the page is following (tests wait for it).
      events.onopen = function () { root.dataset.stream = "open"; };
      events.onerror = function () { root.dataset.stream = "retrying"; };
      events.addEventListener("change", function (e) {
        wanted = Math.max(wanted, +e.data || 0);
        refresh();
      });
    }
    document.addEventListener("visibilitychange", function () {
      if (document.hidden && events) { events.close(); events = null; root.dataset.stream = "paused"; }
      else if (!document.hidden && !events) listen();
    });
    if (!document.hidden) listen();
    function refresh() {
      if (busy || wanted <= seq) return;
      busy = true;
      fetch(root.dataset.page, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (r) {
          if (!r.ok || r.redirected) throw new Error("status " + r.status);
          return r.text();
        })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, "text/html").getElementById(root.id);
          var at = next ? +next.dataset.seq || 0 : 0;
          if (at <= seq) { wanted = seq; return; } // nothing newer: wait for the next event
          var fresh = same(next.innerHTML);
          // A change elsewhere (another meeting) leaves this page as it is.
          if (fresh === shown) { seq = at; root.dataset.seq = at; return; }
          if (swap(root, next)) { seq = at; shown = fresh; } else wanted = seq;
        })
        .catch(function () { wanted = seq; }) // gone, or logged out: the page stays as it is
        .then(function () { busy = false; refresh(); });
    }
    return handle;
  }

  // same is a rendering of the page without what differs between two
  // renderings of the same content (the forms' one-time keys).
  function same(html) { return html.replace(/name="submission_key" value="[^"]*"/g, ""); }

  // swap replaces root's content with next's, except the parts marked
  // data-keep that someone is editing: those stay as they are (with the
  // revision they were opened at, so saving shows both versions when they
  // clash) and say so when they changed meanwhile. It reports false, and
  // changes nothing, when such a part is gone from the new version. drop is
  // a part that is not kept: the form whose post answered with next.
  function swap(root, next, drop) {
    var active = document.activeElement, kept = [];
    var units = root.querySelectorAll("[data-keep]");
    for (var i = 0; i < units.length; i++) {
      var old = units[i];
      if (old === drop) continue;
      if (!(old.contains(active) && active !== document.body) && !edited(old) && !old.querySelector("[role=alert]")) continue;
      var fresh = next.querySelector("#" + CSS.escape(old.id));
      if (!fresh) return false;
      kept.push([old, fresh]);
    }
    var caret = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd, active.scrollTop] : null;
    var open = {};
    root.querySelectorAll("details[id]").forEach(function (d) { open[d.id] = d.open; });
    kept.forEach(function (p) {
      if (p[1].dataset.rev !== p[0].dataset.rev) changedElsewhere(p[0], root.dataset.changed);
      p[1].replaceWith(p[0]);
    });
    next.querySelectorAll("details[id]").forEach(function (d) { if (d.id in open) d.open = open[d.id]; });
    root.replaceChildren.apply(root, Array.prototype.slice.call(next.childNodes));
    root.dataset.seq = next.dataset.seq;
    if (active && active !== document.body && root.contains(active) && document.activeElement !== active) {
      active.focus({ preventScroll: true });
      if (caret) { try { active.setSelectionRange(caret[0], caret[1]); } catch (e) {} active.scrollTop = caret[2]; }
    }
    return true;
  }

  // edited reports whether a field in el holds something else than the
  // page was rendered with.
  function edited(el) {
    var fields = el.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit" || f.type === "button") continue;
      if (f.tagName === "SELECT") {
        var d = 0;
        for (var j = 0; j < f.options.length; j++) if (f.options[j].defaultSelected) { d = j; break; }
        if (f.selectedIndex !== d) return true;
      } else if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
      } else if (f.value !== f.defaultValue) return true;
    }
    return false;
  }

  function changedElsewhere(el, text) {
    if (el.querySelector(".live-changed")) return;
    var p = document.createElement("p");
    p.className = "live-changed";
    p.setAttribute("role", "status");
    p.textContent = text;
    var summary = el.querySelector(":scope > summary");
    if (summary) summary.after(p); else el.prepend(p);
  }
  // ---- The meeting room (issue 19): the meeting page run from the keyboard,
  // without reloads. Every form here still posts as a form without script.

  // Forms marked data-inplace post in the background and the page swaps in
  // the answer (the meeting again, or the form with its error), keeping
  // what others are typing.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!page || !f.hasAttribute("data-inplace") || !page.root.contains(f) || e.defaultPrevented) return;
    e.preventDefault();
    if (f.dataset.busy) return; // a second press while the first is on its way
    var body = new URLSearchParams(new FormData(f, e.submitter || undefined));
    post(f.action, body, f, focusAfter(f));
  });

  // post sends a body for the page and swaps in its answer; after the swap,
  // refocus finds what to focus in the new page.
  function post(action, body, form, refocus) {
    if (form) form.dataset.busy = "1";
    return fetch(action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { return r.text().then(function (html) { return [r, html]; }); })
      .then(function (res) {
        if (res[0].redirected && !sameMeeting(res[0].url)) { location.href = res[0].url; return; }
        if (!page.show(res[1], form)) { location.reload(); return; }
        var el = refocus && refocus();
        if (el) { el.focus({ preventScroll: true }); if (!visible(el)) el.scrollIntoView({ block: "nearest" }); }
      })
      .catch(function () { if (form) form.submit(); }) // no answer: post it the plain way
      .then(function () { if (form) delete form.dataset.busy; });
  }

  function sameMeeting(url) { return new URL(url).pathname === page.root.dataset.page; }
  function visible(el) { var r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }

  // focusAfter says where focus goes once a form's post is shown: the same
  // field of an add form (to add another), else the agenda's card.
  function focusAfter(f) {
    var card = f.closest("li[data-agenda]"), id = f.id;
    return function () {
      var again = id && (f.classList.contains("add-inline") || f.classList.contains("add-agenda")) && document.getElementById(id);
      if (again) return again.querySelector("input.invalid") || again.querySelector("input[name=title]");
      return card ? document.getElementById(card.id) : null;
    };
  }

  // Notes save as they are typed, a moment after the last key, with the
  // revision they were read at. The answer is the new revision; when
  // someone else saved in between, the form is posted the plain way, which
  // shows both texts and keeps the person's.
  var saving = new WeakMap();
  document.addEventListener("input", function (e) {
    var f = e.target.form;
    if (!page || !f || !f.hasAttribute("data-autosave")) return;
    var st = state(f);
    clearTimeout(st.timer);
    say(f, "");
    st.timer = setTimeout(function () { save(f); }, 600);
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!page || !f.hasAttribute("data-autosave")) return;
    e.preventDefault();
    clearTimeout(state(f).timer);
    save(f);
  });
  // Leaving the page sends what is still waiting.
  addEventListener("pagehide", function () {
    document.querySelectorAll("form[data-autosave]").forEach(function (f) {
      var st = saving.get(f);
      if (st && st.timer) { clearTimeout(st.timer); save(f, true); }
    });
  });

  function state(f) {
    var st = saving.get(f);
    if (!st) { st = { timer: 0, busy: false, again: false }; saving.set(f, st); }
    return st;
  }

  function save(f, leaving) {
    var st = state(f), ta = f.elements.notes;
    st.timer = 0;
    if (st.busy) { st.again = true; return; }
    var sent = ta.value;
    st.busy = true;
    say(f, "saving");
    fetch(f.action, { method: "POST", body: new URLSearchParams(new FormData(f)), credentials: "same-origin", keepalive: !!leaving,
      headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (res) {
        if (res[0] === 200) {
          // The card's other forms were at the revision this save checked;
          // the meeting's forms move on too when nobody else moved it.
          var card = f.closest("li[data-agenda]"), was = f.elements.revision.value;
          if (card) card.querySelectorAll("input[name=revision]").forEach(function (i) { if (i.value === was) i.value = res[1].revision; });
          f.dataset.rev = res[1].revision;
          page.root.querySelectorAll("input[name=revision], [data-rev]").forEach(function (el) {
            if (el.closest("li[data-agenda]")) return;
            if (el.value === res[1].meeting_was) el.value = res[1].meeting;
            if (el.dataset.rev === res[1].meeting_was) el.dataset.rev = res[1].meeting;
          });
          ta.defaultValue = sent; // saved: no longer an edit a live refresh must keep
          say(f, ta.value === sent ? "saved" : "");
        } else if (res[0] === 409) {
          HTMLFormElement.prototype.submit.call(f);
        } else {
          say(f, "unsaved", res[1].message);
        }
      })
      .catch(function () { say(f, "unsaved"); })
      .then(function () {
        st.busy = false;
        if (st.again) { st.again = false; save(f); }
      });
  }

  function say(f, what, detail) {
    var out = f.querySelector(".save-state");
    if (!out) return;
    out.textContent = what ? out.dataset[what] + (detail ? ": " + detail : "") : "";
    out.dataset.state = what;
  }

  // Agendas are reordered by dragging a card's handle; the new order is
  // posted whole. Pointer events, not HTML5 drag and drop: they come from
  // a mouse, a pen and a finger alike (mobile browsers do not start an
  // HTML5 drag from a touch), and the handle's touch-action: none keeps the
  // page from scrolling under the finger.
  var dragged = null, dragFrom = "";
  function orderOf(list) {
    return Array.prototype.map.call(list.querySelectorAll(":scope > li[data-agenda]"), function (x) { return x.dataset.agenda; }).join(" ");
  }
  document.addEventListener("pointerdown", function (e) {
    var h = page && e.isPrimary && e.button === 0 && e.target.closest && e.target.closest(".handle");
    var li = h && h.closest("li[data-agenda]");
    if (!li) return;
    e.preventDefault(); // no text selection, no focus change
    dragged = li;
    dragFrom = orderOf(li.parentNode);
    li.classList.add("dragging");
    if (h.setPointerCapture) h.setPointerCapture(e.pointerId);
  });
  document.addEventListener("pointermove", function (e) {
    if (!dragged || !e.isPrimary) return;
    // Near the window's top or bottom edge the page scrolls, so a card can
    // go past what a phone shows.
    var edge = 48;
    if (e.clientY < edge) window.scrollBy(0, -12);
    else if (e.clientY > window.innerHeight - edge) window.scrollBy(0, 12);
    var at = document.elementFromPoint(e.clientX, e.clientY);
    var over = at && at.closest && at.closest("li[data-agenda]");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) return;
    var r = over.getBoundingClientRect();
    over.parentNode.insertBefore(dragged, e.clientY > r.top + r.height / 2 ? over.nextSibling : over);
  });
  function dropCard(e) {
    if (!dragged || !e.isPrimary) return;
    var li = dragged;
    dragged = null;
    li.classList.remove("dragging");
    if (e.type === "pointercancel") {
      // the browser took the gesture over: put the card back where it was
      var list = li.parentNode;
      dragFrom.split(" ").forEach(function (id) { list.appendChild(list.querySelector(":scope > li[data-agenda=\"" + id + "\"]")); });
      return;
    }
    if (orderOf(li.parentNode) !== dragFrom) sendOrder(li);
  }
  document.addEventListener("pointerup", dropCard);
  document.addEventListener("pointercancel", dropCard);

  function sendOrder(li) {
    var list = li.parentNode, body = new URLSearchParams();
    body.set("csrf", page.root.querySelector("input[name=csrf]").value);
    list.querySelectorAll(":scope > li[data-agenda]").forEach(function (x) { body.append("agenda", x.dataset.agenda); });
    post(list.dataset.order, body, null, function () { return document.getElementById(li.id); });
  }

  // Shortcuts for running the meeting, listed in the "?" dialog. They never
  // act while someone types in a field; Escape leaves the field.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-shortcuts]")) help();
  });
  function help() {
    var d = document.getElementById("shortcuts");
    if (d && !d.open) d.showModal();
  }
  function typing(el) {
    return el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
      el.tagName === "INPUT" && !/^(button|submit|checkbox|radio|reset)$/.test(el.type);
  }
  function cards() { return page ? Array.prototype.slice.call(page.root.querySelectorAll("ol.agendas > li[data-agenda]")) : []; }
  function current() {
    var a = document.activeElement;
    return a && a.closest ? a.closest("li[data-agenda]") : null;
  }
  function focusCard(li) {
    if (!li) return;
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest" });
  }
  var keys = {
    j: function (c, all) { focusCard(c ? all[all.indexOf(c) + 1] : all[0]); },
    k: function (c, all) { focusCard(c ? all[all.indexOf(c) - 1] : all[all.length - 1]); },
    n: function (c) { field(c, "form.notes textarea"); },
    d: function (c) { field(c, "form[id^=add-decision] input[name=title]"); },
    t: function (c) { field(c, "form[id^=add-task] input[name=title]"); },
    r: function (c) { press(c, "[data-key=r]"); },
    c: function (c) { press(c, "[data-key=c]"); },
    J: function (c) { press(c, "[data-key=J]"); },
    K: function (c) { press(c, "[data-key=K]"); },
    a: function () { var a = document.querySelector("#add-agenda input[name=title]"); if (a) { a.focus(); a.scrollIntoView({ block: "nearest" }); } }
  };
  function field(c, sel) { var el = c && c.querySelector(sel); if (el) { el.focus(); el.scrollIntoView({ block: "nearest" }); } }
  function press(c, sel) { var b = c && c.querySelector(sel); if (b && !b.disabled) b.click(); }
  document.addEventListener("keydown", function (e) {
    if (!page || e.defaultPrevented || e.isComposing) return;
    var t = e.target;
    if (e.key === "Escape" && typing(t)) {
      var card = t.closest("li[data-agenda]");
      t.blur();
      if (card) card.focus({ preventScroll: true });
      return;
    }
    if (typing(t) || e.ctrlKey || e.metaKey || e.altKey) return;
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open) return;
    if (e.key === "?") { e.preventDefault(); help(); return; }
    var act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act(current(), cards());
  });

  // A create form is sent once. The browser may show it again, filled in,
  // after Back: it then says it was sent and carries the key it was sent
  // with, so sending it again makes nothing new (the server answers with
  // the record the key made).
  var SENT = "kaigi-sent:";
  function sentKey(f) { return SENT + location.pathname + " " + f.getAttribute("action"); }
  function filled(f) {
    var out = [];
    for (var i = 0; i < f.elements.length; i++) {
      var el = f.elements[i];
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") continue;
      out.push(el.name + "=" + ((el.type === "checkbox" || el.type === "radio") ? el.checked : el.value));
    }
    return out.join("&");
  }
  document.addEventListener("submit", function (e) {
    var f = e.target, key = f.querySelector && f.querySelector("input[name=submission_key]");
    if (!key || f.hasAttribute("data-inplace") && page) return;
    f.dataset.sent = "1";
    try { sessionStorage.setItem(sentKey(f), JSON.stringify({ key: key.value, fields: filled(f) })); } catch (err) {}
  }, true);
  addEventListener("pageshow", function (e) {
    document.querySelectorAll("form").forEach(function (f) {
      var key = f.querySelector("input[name=submission_key]");
      if (!key) return;
      var was = null;
      try { was = JSON.parse(sessionStorage.getItem(sentKey(f)) || "null"); } catch (err) {}
      var restored = was && was.fields === filled(f) && f.querySelector("input:not([type=hidden]), textarea") &&
        Array.prototype.some.call(f.elements, function (el) { return el.type !== "hidden" && el.value !== el.defaultValue; });
      if (!(e.persisted && f.dataset.sent) && !restored) return;
      if (was) { f.dataset.freshKey = f.dataset.freshKey || key.value; key.value = was.key; }
      markSent(f);
    });
  });
  function markSent(f) {
    if (f.querySelector(".sent-note")) return;
    var p = document.createElement("p"), b = document.createElement("button");
    p.className = "sent-note";
    p.setAttribute("role", "status");
    p.textContent = document.body.dataset.sent + " ";
    b.type = "button";
    b.className = "small";
    b.textContent = document.body.dataset.startOver;
    b.addEventListener("click", function () {
      var key = f.querySelector("input[name=submission_key]");
      f.reset();
      if (f.dataset.freshKey) key.value = f.dataset.freshKey;
      delete f.dataset.sent;
      try { sessionStorage.removeItem(sentKey(f)); } catch (err) {}
      p.remove();
    });
    p.appendChild(b);
    f.prepend(p);
  }
})();
