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
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.copy");
    if (!b) return;
    var src = document.getElementById(b.dataset.copy);
    if (!src) return;
    // The page says "copied" in its language (data-copied); a button without
    // it keeps its own words.
    navigator.clipboard.writeText(src.value).then(function () { if (b.dataset.copied) b.textContent = b.dataset.copied; });
  });
})();
