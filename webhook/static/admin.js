// sagak staff pages: SLA clocks, the self-refreshing queue, the critical-case alert and
// reply templates. The server words every row and clock (/admin/queue.json, /admin/sla.json);
// this script only puts them in place. Rows arrive as HTML the server escaped and are parsed
// with DOMParser (inert: nothing in them runs); other text is only ever set with textContent.
"use strict";

(function () {
  const POLL_MS = 5000;
  const CLOCK_MS = 10000;
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(url, text) {
    const a = el("a", "", text);
    a.href = /^\/admin\/cases\/\d+$/.test(url) ? url : "#";
    return a;
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.status === 401) return null; // signed out
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  // Clocks outside the queue (the case page): the queue's own rows come fresh with each poll.
  function ticking() {
    return [...document.querySelectorAll("time[data-case][data-sla='running'], time[data-case][data-sla='overdue']")]
      .filter((clock) => !clock.closest("#queue"));
  }

  async function tickClocks() {
    const clocks = ticking();
    if (!clocks.length) return;
    const ids = [...new Set(clocks.map((clock) => clock.dataset.case))].join(",");
    let data = null;
    try {
      data = await getJson(`/admin/sla.json?ids=${encodeURIComponent(ids)}`);
    } catch (error) {
      return; // the next tick tries again
    }
    if (data === null) return;
    for (const clock of clocks) {
      const state = data.clocks[clock.dataset.case];
      if (!state) continue;
      clock.dataset.sla = state.sla;
      clock.textContent = state.text;
      const row = clock.closest("tr");
      if (row) {
        row.classList.toggle("sla-overdue", state.sla === "overdue");
        row.classList.toggle("sla-running", state.sla === "running");
      }
    }
  }
  setInterval(tickClocks, CLOCK_MS);

  const pick = $("template-pick");
  const replyText = $("reply-text");
  if (pick && replyText) {
    pick.addEventListener("change", () => {
      const option = pick.options[pick.selectedIndex];
      if (option && option.dataset.body !== undefined) {
        replyText.value = option.dataset.body;
        replyText.focus();
      }
    });
  }

  const table = $("queue");
  const banner = $("critical-banner");
  if (!table || !banner) return;
  const live = $("queue-updated");
  const sound = $("sound-toggle");
  const baseTitle = document.title;
  const known = new Set(banner.dataset.known ? banner.dataset.known.split(",") : []);
  const idsOf = (rows) => new Set([...rows].map((row) => row.dataset.id).filter(Boolean));
  let shown = idsOf(table.tBodies[0].rows);

  sound.checked = window.localStorage.getItem("sagak.sound") === "on";
  sound.addEventListener("change", () => {
    window.localStorage.setItem("sagak.sound", sound.checked ? "on" : "off");
  });

  function showQueue(html) {
    const parsed = new DOMParser().parseFromString(`<table><tbody>${html}</tbody></table>`, "text/html");
    const rows = [...parsed.querySelectorAll("tbody > tr")];
    for (const row of rows) {
      if (row.dataset.id && !shown.has(row.dataset.id)) row.classList.add("fresh");
    }
    table.tBodies[0].replaceChildren(...rows);
    shown = idsOf(rows);
  }

  function beep() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    const ctx = new Context();
    const tone = ctx.createOscillator();
    const gain = ctx.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(ctx.destination);
    tone.start();
    tone.stop(ctx.currentTime + 0.4);
  }

  function showAlerts(alerts) {
    const fresh = alerts.filter((alert) => !known.has(String(alert.id)));
    for (const alert of alerts) known.add(String(alert.id));
    const headline = banner.dataset.textWaiting.replace("{count}", alerts.length);
    banner.querySelector(".headline").textContent = fresh.length ? `${banner.dataset.textNew} ${headline}` : headline;
    banner.querySelector(".refs").replaceChildren(...alerts.map((alert) => link(alert.url, alert.reference)));
    banner.hidden = alerts.length === 0;
    document.title = alerts.length ? `🚨 (${alerts.length}) ${baseTitle}` : baseTitle;
    if (fresh.length) {
      banner.classList.remove("flash");
      void banner.offsetWidth; // restart the animation
      banner.classList.add("flash");
      if (sound.checked) beep();
    }
  }

  function expired() {
    live.textContent = live.dataset.textExpired;
    live.classList.add("expired");
    document.title = `⚠ ${baseTitle}`;
  }

  async function poll() {
    let data;
    try {
      data = await getJson(table.dataset.poll);
    } catch (error) {
      setTimeout(poll, POLL_MS * 2);
      return;
    }
    if (data === null) {
      expired(); // signed out: stop polling
      return;
    }
    showQueue(data.rows);
    showAlerts(data.alerts);
    live.textContent = live.dataset.text.replace("{time}", new Date().toLocaleTimeString());
    setTimeout(poll, POLL_MS);
  }

  if (known.size) document.title = `🚨 (${known.size}) ${baseTitle}`;
  setTimeout(poll, POLL_MS);
})();
