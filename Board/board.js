// Live updates for the incident board: when the store changes (a form on any
// device, or the CLI), fetch this page again and swap its <main> in place.
// Pages work without this script; it only saves a reload. No inline script:
// the Content-Security-Policy allows scripts from this board only.
(function () {
  "use strict";
  var main = document.getElementById("live");
  if (!main || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var busy = false;
  var again = false;

  function typing() {
    // Never replace a form someone is filling in.
    var a = document.activeElement;
    if (!a || !main.contains(a)) { return false; }
    var tag = a.tagName;
    return (tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT") && a.type !== "hidden" && a.type !== "submit" && a.value !== "";
  }

  function refresh() {
    if (busy) { again = true; return; }
    if (typing()) { again = true; setTimeout(refresh, 1000); return; }
    busy = true;
    again = false;
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live");
        if (fresh) {
          main.replaceWith(fresh);
          main = fresh;
        }
      })
      .catch(function () { /* the next change or reconnection tries again */ })
      .then(function () {
        busy = false;
        if (again) { refresh(); }
      });
  }

  // The server says it is alive every 15 s. A server that stops answering
  // without closing the connection (a laptop put to sleep, SIGSTOP) sends
  // nothing: after 25 s of silence the page greys out and connects again; the
  // new connection opens once the server answers, and the page catches up.
  var silentFor = 25000;
  var source = null;
  var lastHeard = Date.now();

  function heard() { lastHeard = Date.now(); }

  function connect() {
    source = new EventSource("/events");
    source.addEventListener("change", function () { heard(); refresh(); });
    source.addEventListener("alive", heard);
    source.onopen = function () {
      heard();
      if (document.body.classList.contains("offline")) {
        document.body.classList.remove("offline");
        refresh();
      }
    };
    source.onerror = function () { document.body.classList.add("offline"); };
  }

  connect();
  setInterval(function () {
    if (Date.now() - lastHeard < silentFor) { return; }
    document.body.classList.add("offline");
    source.close();
    heard();
    connect();
  }, 1000);
})();
