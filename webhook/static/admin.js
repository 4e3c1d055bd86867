/* sagak staff pages: SLA clocks, the self-refreshing queue, the critical-case alert and
   reply templates. Report text is only ever set with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var body = document.body;
  var POLL_MS = 5000;

  function unit(name, n) { return (body.dataset["unit" + name] || "{n}").replace("{n}", n); }

  function duration(minutes) {
    var total = Math.max(0, Math.floor(minutes));
    var d = Math.floor(total / 1440), h = Math.floor((total % 1440) / 60), m = total % 60;
    if (d) { return unit("Days", d) + (h ? " " + unit("Hours", h) : ""); }
    if (h) { return unit("Hours", h) + (m ? " " + unit("Minutes", m) : ""); }
    return unit("Minutes", m);
  }

  function tickClocks() {
    var now = Date.now();
    document.querySelectorAll("time[data-sla='running'], time[data-sla='overdue']").forEach(function (el) {
      var left = (Date.parse(el.getAttribute("datetime")) - now) / 60000;
      var state = left >= 0 ? "running" : "overdue";
      var text = state === "running" ? body.dataset.slaLeft : body.dataset.slaOverdue;
      el.dataset.sla = state;
      el.textContent = (text || "{time}").replace("{time}", duration(Math.abs(left)));
      var row = el.closest("tr");
      if (row) {
        row.classList.toggle("sla-overdue", state === "overdue");
        row.classList.toggle("sla-running", state === "running");
      }
    });
  }
  tickClocks();
  setInterval(tickClocks, 10000);

  var pick = document.getElementById("template-pick");
  var replyText = document.getElementById("reply-text");
  if (pick && replyText) {
    pick.addEventListener("change", function () {
      var option = pick.options[pick.selectedIndex];
      if (option && option.dataset.body !== undefined) { replyText.value = option.dataset.body; replyText.focus(); }
    });
  }

  var table = document.getElementById("queue");
  var banner = document.getElementById("critical-banner");
  if (!table || !banner) { return; }
  var live = document.getElementById("queue-updated");
  var sound = document.getElementById("sound-toggle");
  var baseTitle = document.title;
  var known = new Set(banner.dataset.known ? banner.dataset.known.split(",") : []);
  var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent; });
  var shown = new Set(Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.dataset.id; }));

  sound.checked = window.localStorage.getItem("sagak.sound") === "on";
  sound.addEventListener("change", function () {
    window.localStorage.setItem("sagak.sound", sound.checked ? "on" : "off");
  });

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== null && text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function link(url, text) {
    var a = el("a", text);
    a.href = /^\/admin\/cases\/\d+$/.test(url) ? url : "#";
    return a;
  }

  function row(item) {
    var tr = el("tr", null, "p-" + item.priority + " sla-" + item.sla);
    tr.dataset.id = String(item.id);
    var cells = [el("td", null, "prio"), el("td", null, "sla"), el("td", null, "ref"), el("td", null, "summary")];
    if (item.self_crisis) { cells[3].appendChild(el("span", table.dataset.textSelfCrisis, "flag self-crisis")); cells[3].appendChild(document.createTextNode(" ")); }
    if (item.needs_review) { cells[3].appendChild(el("span", table.dataset.textNeedsReview, "flag needs-review")); cells[3].appendChild(document.createTextNode(" ")); }
    cells[3].appendChild(document.createTextNode(item.summary));
    cells[0].appendChild(el("span", item.priority_label, "badge p-" + item.priority));
    var time = el("time", item.sla_text);
    time.setAttribute("datetime", item.due_at);
    time.dataset.sla = item.sla;
    cells[1].appendChild(time);
    cells[2].appendChild(link(item.url, item.reference));
    if (item.unreachable) { cells[3].appendChild(el("span", " " + table.dataset.textUnreachable, "warn")); }
    var source = item.source_label;
    if (item.reporters > 1) { source += " · " + table.dataset.textReporters.replace("{count}", item.reporters); }
    cells.push(el("td", item.team || "–", "team"), el("td", source, "source"),
      el("td", item.assignee || table.dataset.textUnassigned, "assignee"), el("td", item.status_label, "state"));
    // On a phone each row is a card; the column names label its last four lines.
    for (var i = 4; i < cells.length; i++) { cells[i].dataset.label = headers[i]; }
    cells.forEach(function (c) { tr.appendChild(c); });
    if (!shown.has(tr.dataset.id)) { tr.classList.add("fresh"); }
    return tr;
  }

  function showQueue(items) {
    var rows = items.map(row);
    if (!rows.length) {
      var empty = el("tr", null, "empty");
      var td = el("td", table.dataset.textEmpty);
      td.colSpan = 8;
      empty.appendChild(td);
      rows = [empty];
    }
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], rows);
    shown = new Set(items.map(function (i) { return String(i.id); }));
  }

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    var ctx = new Context(), tone = ctx.createOscillator(), gain = ctx.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(ctx.destination);
    tone.start();
    tone.stop(ctx.currentTime + 0.4);
  }

  function showAlerts(alerts) {
    var fresh = alerts.filter(function (a) { return !known.has(String(a.id)); });
    alerts.forEach(function (a) { known.add(String(a.id)); });
    var headline = banner.dataset.textWaiting.replace("{count}", alerts.length);
    banner.querySelector(".headline").textContent = fresh.length ? banner.dataset.textNew + " " + headline : headline;
    var refs = banner.querySelector(".refs");
    refs.replaceChildren.apply(refs, alerts.map(function (a) { return link(a.url, a.reference); }));
    banner.hidden = alerts.length === 0;
    document.title = alerts.length ? "🚨 (" + alerts.length + ") " + baseTitle : baseTitle;
    if (fresh.length) {
      banner.classList.remove("flash");
      void banner.offsetWidth; // restart the animation
      banner.classList.add("flash");
      if (sound.checked) { beep(); }
    }
  }

  function expired() {
    live.textContent = live.dataset.textExpired;
    live.classList.add("expired");
    document.title = "⚠ " + baseTitle;
  }

  function poll() {
    fetch(table.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) { expired(); return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (data === null) { return; } // signed out: stop polling
        showQueue(data.items);
        showAlerts(data.alerts);
        tickClocks();
        live.textContent = live.dataset.text.replace("{time}", new Date().toLocaleTimeString());
        setTimeout(poll, POLL_MS);
      })
      .catch(function () { setTimeout(poll, POLL_MS * 2); });
  }
  if (known.size) { document.title = "🚨 (" + known.size + ") " + baseTitle; }
  setTimeout(poll, POLL_MS);
})();
