// The simulator's web chat: polls the chat as JSON and sends what the person does.
// Everything from the bot or a person is untrusted text: it is only ever set with
// textContent, never parsed as HTML.
"use strict";

(function () {
  const body = document.body;
  if (body.id !== "simulator") return;
  const strings = body.dataset;
  const staffChat = strings.staffChat ? Number(strings.staffChat) : null;
  const $ = (id) => document.getElementById(id);
  let current = null; // the chat id shown
  let revision = -1;
  let toastTimer = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  }

  async function post(url, payload, isForm) {
    const init = { method: "POST", headers: { "X-Sagak-Simulator": "1" }, credentials: "same-origin" };
    if (isForm) {
      init.body = payload;
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function act(payload) {
    if (current === null) return;
    try {
      await post(`/simulator/chats/${current}/messages`, payload);
      await refreshChat();
    } catch (error) {
      showToast(strings.failed);
    }
  }

  function showToast(text) {
    const toast = $("toast");
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toast.hidden = true; }, 4000);
  }

  async function refreshPeople() {
    const response = await fetch("/simulator/people.json", { credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    const list = $("people");
    list.replaceChildren();
    for (const person of data.people) {
      const item = el("li");
      const label = person.id === staffChat ? strings.staffGroup : `${person.name} · ${person.language}`;
      const button = el("button", "", label);
      button.type = "button";
      button.dataset.chat = String(person.id);
      button.setAttribute("aria-pressed", String(person.id === current));
      button.addEventListener("click", () => openChat(person.id, label));
      item.append(button);
      list.append(item);
    }
  }

  function openChat(chatId, label) {
    current = chatId;
    revision = -1;
    $("chat-title").textContent = label;
    const personChat = chatId !== staffChat;
    $("composer").hidden = !personChat;
    $("extras").hidden = !personChat;
    for (const button of document.querySelectorAll("#people button")) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.chat) === chatId));
    }
    refreshChat();
    if (personChat) $("message-text").focus();
  }

  function renderMessage(message, personChat) {
    const item = el("li", `msg ${message.sender}`);
    item.dataset.messageId = String(message.message_id);
    if (message.photo) {
      const image = el("img");
      image.src = `/simulator/photos/${encodeURIComponent(message.photo)}`;
      image.alt = "";
      item.append(image);
    }
    if (message.location) {
      item.append(el("span", "", fill(strings.sharedLocation, message.location)));
    } else if (message.contact) {
      item.append(el("span", "", fill(strings.sharedContact, { phone: message.contact })));
    }
    if (message.text) item.append(el("span", "text", message.text));
    if (message.buttons && message.buttons.length) {
      const grid = el("div", "inline-buttons");
      for (const row of message.buttons) {
        const line = el("div", "row");
        for (const button of row) {
          const press = el("button", "", button.text);
          press.type = "button";
          press.disabled = !personChat;
          press.addEventListener("click", () => act({ button: button.data, message_id: message.message_id }));
          line.append(press);
        }
        grid.append(line);
      }
      item.append(grid);
    }
    const when = new Date(message.at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const who = message.sender === "bot" ? strings.bot : "";
    item.append(el("span", "meta", [who, when, message.edited ? strings.edited : ""].filter(Boolean).join(" · ")));
    return item;
  }

  function renderKeyboard(rows, personChat) {
    const keyboard = $("keyboard");
    keyboard.replaceChildren();
    if (!rows || !personChat) return;
    for (const row of rows) {
      const line = el("div", "row");
      for (const key of row) {
        const button = el("button", "", key.text);
        button.type = "button";
        button.addEventListener("click", () => {
          if (key.request_location) {
            act({ location: { latitude: Number($("latitude").value), longitude: Number($("longitude").value) } });
          } else if (key.request_contact) {
            act({ contact: true });
          } else {
            act({ text: key.text, from_keyboard: true });
          }
        });
        line.append(button);
      }
      keyboard.append(line);
    }
  }

  async function refreshChat() {
    if (current === null) return;
    const shown = current;
    // The staff group's alerts are for signed-in staff: its view lives under /admin.
    const url = shown === staffChat ? "/admin/simulator/staff-chat.json" : `/simulator/chats/${shown}.json`;
    const response = await fetch(url, { credentials: "same-origin" });
    if (shown !== current) return;
    if (response.status === 401 && shown === staffChat) {
      revision = -1;
      $("messages").replaceChildren(el("li", "notice", strings.staffLogin));
      renderKeyboard(null, false);
      return;
    }
    if (!response.ok) return;
    const chat = await response.json();
    if (chat.revision === revision) return;
    const first = revision === -1;
    revision = chat.revision;
    const personChat = chat.role !== "group";
    const list = $("messages");
    list.replaceChildren(...chat.messages.map((m) => renderMessage(m, personChat)));
    list.scrollTop = list.scrollHeight;
    renderKeyboard(chat.keyboard, personChat);
    if (chat.toast && !first) showToast(chat.toast);
  }

  $("add-person").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      const person = await post("/simulator/people", {
        name: form.elements.name.value,
        language: form.elements.language.value,
        role: form.elements.role.value,
      });
      form.elements.name.value = "";
      await refreshPeople();
      openChat(person.id, `${person.name} · ${person.language}`);
    } catch (error) {
      showToast(strings.failed);
    }
  });

  const MAX_TEXT = 4096; // Telegram's limit for one message (webhook/simulator/routes.py)

  // Say when a text is too long rather than cutting it: the person decides what to drop.
  function tooLong() {
    const count = $("message-text").value.length;
    const notice = $("too-long");
    notice.hidden = count <= MAX_TEXT;
    notice.textContent = notice.hidden ? "" : fill(strings.tooLong, { count });
    return !notice.hidden;
  }

  $("message-text").addEventListener("input", tooLong);

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("message-text");
    const text = input.value;
    if (!text.trim() || tooLong()) return;
    input.value = "";
    act({ text });
  });

  $("location-form").addEventListener("submit", (event) => {
    event.preventDefault();
    act({ location: { latitude: Number($("latitude").value), longitude: Number($("longitude").value) } });
  });

  $("photo-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (current === null) return;
    const form = event.target;
    try {
      await post(`/simulator/chats/${current}/photos`, new FormData(form), true);
      form.reset();
      await refreshChat();
    } catch (error) {
      showToast(strings.failed);
    }
  });

  refreshPeople();
  setInterval(refreshPeople, 5000);
  setInterval(refreshChat, 1000);
})();
