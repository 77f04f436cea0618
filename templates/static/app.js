// kaigi works without this file; it only saves clicks.
(function () {
  "use strict";
  // Selects never save on change (a keyboard user's arrow keys would save
  // each state they pass, WCAG 3.2.2): their form's button saves.
  document.documentElement.classList.add("js");
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
  var live = document.querySelector("[data-live]");
  if (live && window.EventSource && window.fetch && window.DOMParser) follow(live);

  function follow(root) {
    var seq = +root.dataset.seq || 0, wanted = seq, busy = false, events = null;
    var shown = same(root.innerHTML);
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
  }

  // same is a rendering of the page without what differs between two
  // renderings of the same content (the forms' one-time keys).
  function same(html) { return html.replace(/name="submission_key" value="[^"]*"/g, ""); }

  // swap replaces root's content with next's, except the parts marked
  // data-keep that someone is editing: those stay as they are (with the
  // revision they were opened at, so saving shows both versions when they
  // clash) and say so when they changed meanwhile. It reports false, and
  // changes nothing, when such a part is gone from the new version.
  function swap(root, next) {
    var active = document.activeElement, kept = [];
    var units = root.querySelectorAll("[data-keep]");
    for (var i = 0; i < units.length; i++) {
      var old = units[i];
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
})();
