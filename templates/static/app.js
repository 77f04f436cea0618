// kaigi works without this file; it only saves clicks.
(function () {
  "use strict";
  // Selects marked autosubmit save on change; their Set button is hidden.
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("select.autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
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
})();
