/* Fyr desk: keyboard shortcuts, small conveniences and live updates. Plain JS, no build step.
   Everything here is an enhancement: links and forms work without it. */
(function () {
  "use strict";

  const body = document.body;
  const page = body.dataset.page || "";

  function isTyping(event) {
    const el = event.target;
    if (!el || !el.tagName) return false;
    const tag = el.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }

  // --- language switcher submits on change --------------------------------------------------
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  // --- forms that ask first (data-confirm="Delete this …?") ----------------------------------
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // --- SLA countdowns keep counting (the server rendered them; see fyr/sla/templatetags) ----
  const slaWords = document.getElementById("sla-words");
  function slaDuration(minutes) {
    const w = slaWords.dataset;
    const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60);
    const mins = minutes % 60, parts = [];
    if (days) parts.push(w.d.replace("%(n)s", days));
    if (hours) parts.push(w.h.replace("%(n)s", hours));
    if (mins && !days) parts.push(w.min.replace("%(n)s", mins));
    return parts.slice(0, 2).join(" ") || w.min.replace("%(n)s", 0);
  }
  function tickSla() {
    if (!slaWords) return;
    document.querySelectorAll("time.sla[datetime]").forEach(function (el) {
      const left = Date.parse(el.getAttribute("datetime")) - Date.now();
      if (isNaN(left)) return;
      const text = slaDuration(Math.floor(Math.abs(left) / 60000));
      el.textContent = (left < 0 ? slaWords.dataset.overdue : slaWords.dataset.in).replace("%(time)s", text);
      el.classList.toggle("sla-overdue", left < 0);
      el.classList.toggle("sla-soon", left >= 0 && left <= 3600000);
    });
  }
  window.setInterval(tickSla, 30000);

  // --- shortcuts dialog -----------------------------------------------------------------------
  const dialog = document.getElementById("shortcuts");
  let lastFocus = null;
  function showShortcuts() {
    if (!dialog) return;
    lastFocus = document.activeElement;
    dialog.hidden = false;
    const close = dialog.querySelector("[data-close-shortcuts]");
    if (close) close.focus();
  }
  function hideShortcuts() {
    if (!dialog || dialog.hidden) return;
    dialog.hidden = true;
    if (lastFocus) lastFocus.focus();
  }
  if (dialog) {
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.matches("[data-close-shortcuts]")) hideShortcuts();
    });
  }

  // --- inbox row selection --------------------------------------------------------------------
  let current = -1;
  function rows() {
    return Array.from(document.querySelectorAll("#ticket-list .ticket-row"));
  }
  function select(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) { row.classList.toggle("is-current", i === current); });
    const row = all[current];
    row.scrollIntoView({ block: "nearest" });
    const link = row.querySelector(".ticket-link");
    if (link) link.focus({ preventScroll: true });
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "ticket-list") current = -1;
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hideShortcuts(); return; }
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "?") { event.preventDefault(); showShortcuts(); return; }
    if (event.key === "/") {
      const search = document.getElementById("desk-search");
      if (search) { event.preventDefault(); search.focus(); search.select(); return; }
    }
    if (page === "inbox") {
      if (event.key === "j") { event.preventDefault(); select(current + 1); }
      else if (event.key === "k") { event.preventDefault(); select(current < 0 ? 0 : current - 1); }
      else if (event.key === "x" && current >= 0) {
        event.preventDefault();
        const box = rows()[current].querySelector('input[type="checkbox"]');
        if (box) box.checked = !box.checked;
      } else if (event.key === "Enter" && current >= 0 && !(event.target.closest && event.target.closest("a, button"))) {
        event.preventDefault();
        window.location.href = rows()[current].dataset.href;
      }
    } else if (page === "ticket" && event.key === "r") {
      const box = document.getElementById("composer-body");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });

  // --- live updates over the desk websocket ---------------------------------------------------
  if (!("WebSocket" in window) || !body.dataset.wsUrl || !page) return;
  const ticketId = body.dataset.ticketId ? parseInt(body.dataset.ticketId, 10) : null;
  let socket = null;
  let retry = 1000;
  let refreshTimer = null;

  function knownVersion() {
    const input = document.getElementById("composer-version");
    return input ? parseInt(input.value, 10) : 0;
  }

  function onTicketChange(data) {
    if (page === "ticket" && data.ticket === ticketId) {
      // Our own change arrives too: wait for its response to update the version first.
      setTimeout(function () {
        if (data.version > knownVersion()) {
          const banner = document.getElementById("live-banner");
          if (banner) banner.hidden = false;
        }
      }, 800);
    } else if (page === "inbox") {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refreshInbox, 1500);
    }
  }

  function refreshInbox() {
    if (!window.htmx) return;
    const view = new URLSearchParams(window.location.search).get("view") || "";
    const busy = document.querySelector('#ticket-list input[name="tickets"]:checked') ||
      (document.activeElement && document.activeElement.closest && document.activeElement.closest("#ticket-list form"));
    if (busy) {
      // Do not pull rows from under an agent who is selecting: refresh the counts only.
      window.htmx.ajax("GET", "/desk/inbox/counts/?view=" + encodeURIComponent(view), { target: "#inbox-views", swap: "outerHTML" });
    } else {
      window.htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#ticket-list", swap: "innerHTML" });
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("[data-live-refresh]")) {
      const banner = document.getElementById("live-banner");
      if (banner) banner.hidden = true;
    }
  });

  function connect() {
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + body.dataset.wsUrl);
    socket.addEventListener("open", function () {
      retry = 1000;
      if (ticketId) socket.send(JSON.stringify({ action: "subscribe", ticket: ticketId }));
    });
    socket.addEventListener("message", function (message) {
      let data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data.event === "ticket.changed") onTicketChange(data);
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4401) return; // not logged in: nothing to listen to
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    });
  }
  connect();
  // --- remote images in mail: blocked until the agent asks (tracking pixels) --------------------
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-load-images]");
    if (!button) return;
    const message = button.closest("[data-message]");
    if (!message) return;
    message.querySelectorAll("img[data-remote-src]").forEach(function (img) {
      const url = img.getAttribute("data-remote-src");
      if (/^https?:\/\//i.test(url)) img.setAttribute("src", url);
      img.removeAttribute("data-remote-src");
    });
    button.remove();
  });
})();
