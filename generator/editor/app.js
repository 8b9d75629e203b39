/* kort serve: the editor page. Plain JavaScript, no build step, nothing fetched from outside.
 *
 * The page holds each editable file of the pack as data (what the YAML says), shows it as
 * forms, and sends the changed data to the server, which draws the card being edited (the
 * preview), checks the whole pack, and saves into the YAML file, keeping its comments.
 */
"use strict";

(() => {
  const TOKEN = document.querySelector('meta[name="kort-token"]').content;
  const MIN_GAP_MS = 120; // at most one preview request started per this time; the last change always renders
  const CHECK_AFTER_MS = 900; // the whole pack is checked once typing pauses this long
  const CARD_SIZES = ["a7", "a6", "a8", "poker", "bridge", "tarot", "square", "business"];
  const TABS = ["deck", "questions", "principles", "branding", "handouts", "print"];

  let L = {}; // translations, all languages
  let lang = "en";
  const S = {
    pack: null,
    deck: null,
    files: {},
    inherited: {},
    generation: 0,
    limits: { upload_bytes: 5 * 1024 * 1024 },
    print: { layout: "sheet", card: "a7", paper: "a4", duplex: "long-edge", bleed: 0, backs: true, ink_saving: false },
    target: { card: "intro (instruction card)" },
    tab: "questions",
    rev: 0,
    load: [], // problems that stop the pack from loading (from the last preview)
    cardProblems: [],
    cardKey: null,
    checked: [], // problems from the last whole check
    created: new WeakSet(), // items added in this page (they get an id when saved)
    conflict: null,
  };
  window.kortTimings = []; // milliseconds from a change to its picture shown, for the tests and the bench

  // ---------------------------------------------------------------- small helpers

  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k === "dataset") Object.assign(e.dataset, v);
      else if (k === "style") e.style.cssText = v; // through the CSSOM: the page's CSP refuses style attributes
      else if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c.nodeType ? c : String(c));
    }
    return e;
  }
  const $ = (sel, root = document) => root.querySelector(sel);
  const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  let uid = 0;
  const nextId = (p = "f") => `${p}${++uid}`;

  function t(key, vars) {
    const entry = L.strings && L.strings[key];
    let s = entry ? entry[lang] ?? entry.en : key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split(`{${k}}`).join(String(v));
    return s;
  }
  function number(n) {
    return new Intl.NumberFormat(lang === "en" ? "en-GB" : lang).format(n);
  }
  function announce(text) {
    const live = $("#live");
    live.textContent = "";
    setTimeout(() => (live.textContent = text), 30);
  }

  function parseKey(key) {
    const out = [];
    String(key).replace(/([^.[\]]+)|\[(\d+)\]/g, (m, name, idx) => out.push(idx !== undefined ? Number(idx) : name));
    return out;
  }
  function getAt(obj, key) {
    for (const p of parseKey(key)) {
      if (obj === null || obj === undefined) return undefined;
      obj = obj[p];
    }
    return obj;
  }
  function setAt(obj, key, value) {
    const parts = parseKey(key);
    let o = obj;
    parts.slice(0, -1).forEach((p, i) => {
      if (o[p] === null || typeof o[p] !== "object") o[p] = typeof parts[i + 1] === "number" ? [] : {};
      o = o[p];
    });
    o[parts[parts.length - 1]] = value;
  }
  function deleteAt(obj, key) {
    const parts = parseKey(key);
    const parent = parts.length > 1 ? getAt(obj, keyOf(parts.slice(0, -1))) : obj;
    if (parent && typeof parent === "object" && !Array.isArray(parent)) delete parent[parts[parts.length - 1]];
  }
  function keyOf(parts) {
    return parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
  }

  function slugify(text, limit = 40) {
    const folded = String(text)
      .replace(/[æÆ]/g, "ae")
      .replace(/[øØ]/g, "o")
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase();
    return folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, limit).replace(/-+$/, "");
  }
  function uniqueId(base, taken) {
    let id = base || "kort";
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  function luminance(hex) {
    const m = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return null;
    const c = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255);
    const lin = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  }
  function whiteContrast(hex) {
    const l = luminance(hex);
    return l === null ? null : 1.05 / (l + 0.05);
  }

  // ---------------------------------------------------------------- talking to the server

  async function call(path, body, { raw = false } = {}) {
    const init = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Kort-Token": TOKEN },
      body: JSON.stringify(body),
    };
    const res = await fetch(path, init);
    if (raw && res.ok) return res;
    return answer(res);
  }
  async function upload(path, file) {
    return answer(await fetch(path, { method: "POST", headers: { "X-Kort-Token": TOKEN }, body: file }));
  }
  // The server's JSON answer; an error answer becomes a thrown Error with its status and data.
  async function answer(res) {
    const data = await res.json().catch(() => ({ error: res.statusText }));
    if (!res.ok) {
      const err = new Error(data.error || res.statusText);
      err.status = res.status;
      err.data = data;
      throw err;
    }
    return data;
  }

  function dirtyFiles() {
    const out = {};
    for (const [rel, f] of Object.entries(S.files)) {
      if (!f.dirty) continue;
      out[rel] = f.data !== null ? { data: f.data } : { text: f.text };
    }
    return out;
  }
  function payload(extra) {
    return Object.assign({ files: dirtyFiles(), deck: S.deck, print: S.print }, extra || {});
  }

  // ---------------------------------------------------------------- the pack's files

  const deckFile = () => S.files[S.deck];
  const deckData = () => (deckFile() && deckFile().data) || {};
  const packLang = () => (deckFile() && deckFile().lang) || "sv";
  const inherited = () => S.inherited[S.deck] || null;

  function brandingRel() {
    const folder = S.deck ? S.deck.split("/").slice(0, -1).join("/") : "";
    const rels = Object.keys(S.files).filter((r) => S.files[r].kind === "branding");
    const near = rels.filter((r) => r.split("/").slice(0, -1).join("/") === folder);
    const root = rels.filter((r) => !r.includes("/"));
    return near[0] || root[0] || null;
  }
  function handoutRels() {
    const l = packLang();
    return Object.keys(S.files).filter((r) => S.files[r].kind === "handout" && (S.files[r].lang || l) === l);
  }
  function otherRels() {
    return Object.keys(S.files).filter((r) => !["deck", "branding", "handout"].includes(S.files[r].kind));
  }
  function principles() {
    const own = deckData().approach;
    if (own && Array.isArray(own.principles)) return own.principles.filter((p) => p && typeof p === "object");
    const inh = inherited();
    return (inh && inh.approach && inh.approach.principles) || [];
  }

  function changed(rel, target) {
    const f = S.files[rel];
    f.dirty = !same(f.data, f.base) || f.text !== f.baseText;
    if (target) S.target = target;
    S.rev++;
    updateSaveState();
    schedulePreview();
  }

  // ---------------------------------------------------------------- fields

  function field(o) {
    // o: file, key, label, help, type (text|textarea|url), rows, placeholder, optional, target, content, get, set
    const id = nextId();
    const msgId = `${id}-msg`;
    const helpId = o.help ? `${id}-help` : null;
    const wrap = h("div", { class: "field", dataset: { file: o.file, key: o.key } });
    wrap.append(h("label", { for: id, text: o.label }));
    if (o.help) wrap.append(h("p", { class: "help", id: helpId, text: o.help }));
    const input = o.type === "textarea" ? h("textarea", { id, rows: o.rows || 3 }) : h("input", { id, type: o.type || "text" });
    const data = () => S.files[o.file].data;
    const value = o.get ? o.get() : getAt(data(), o.key);
    input.value = value === null || value === undefined ? "" : String(value);
    if (o.placeholder) input.placeholder = o.placeholder;
    if (o.content !== false) input.lang = packLang();
    if (o.list) input.setAttribute("list", o.list);
    if (o.autocomplete) input.setAttribute("autocomplete", o.autocomplete);
    else input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-describedby", [helpId, msgId].filter(Boolean).join(" "));
    input.dataset.fid = `${o.file}|${o.key}|input`;
    input.addEventListener("input", () => {
      const v = input.value;
      if (o.set) o.set(v);
      else if (v.trim() === "" && o.optional !== false) deleteAt(data(), o.key);
      else setAt(data(), o.key, v);
      if (o.oninput) o.oninput(v, wrap);
      changed(o.file, o.target);
    });
    input.addEventListener("focus", () => setTarget(o.target));
    if (o.onblur) input.addEventListener("blur", () => o.onblur(input));
    wrap.append(input);
    if (o.extra) wrap.append(o.extra);
    wrap.append(h("p", { class: "msg", id: msgId }));
    return wrap;
  }

  function colourField(o) {
    const wrap = field(Object.assign({}, o, { content: false, oninput: (v, w) => syncColour(w, v) }));
    const input = $("input", wrap);
    input.classList.add("hex");
    input.setAttribute("spellcheck", "false");
    const picker = h("input", {
      type: "color",
      "aria-label": t("colourPicker", { label: o.label }),
      value: /^#[0-9a-f]{6}$/i.test(input.value) ? input.value : "#1f5c7a",
      "data-fid": `${o.file}|${o.key}|picker`,
    });
    picker.addEventListener("input", () => {
      input.value = picker.value.toUpperCase();
      input.dispatchEvent(new Event("input"));
    });
    picker.addEventListener("focus", () => setTarget(o.target));
    const row = h("div", { class: "colour-row" });
    input.before(row);
    row.append(h("span", { class: "swatch", "aria-hidden": "true" }), input, picker);
    const warn = h("p", { class: "contrast", id: `${input.id}-contrast` });
    row.after(warn);
    input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby")} ${warn.id}`);
    syncColour(wrap, input.value, o.noText);
    return wrap;
  }
  function syncColour(wrap, value, noText) {
    const swatch = $(".swatch", wrap);
    const picker = $('input[type="color"]', wrap);
    const warn = $(".contrast", wrap);
    const valid = /^#[0-9a-f]{6}$/i.test(value || "");
    swatch.style.background = valid ? value : "transparent";
    if (valid && picker.value.toLowerCase() !== value.toLowerCase()) picker.value = value.toLowerCase();
    const ratio = valid && !noText ? whiteContrast(value) : null;
    warn.textContent = ratio !== null && ratio < 4.5 ? t("contrastLow", { ratio: ratio.toFixed(1).replace(".", lang === "en" ? "." : ",") }) : "";
    warn.classList.toggle("warning", !!warn.textContent);
  }

  function select(o) {
    const id = nextId();
    const wrap = h("div", { class: "field", dataset: { file: o.file, key: o.key } });
    wrap.append(h("label", { for: id, text: o.label }));
    const helpId = o.help ? `${id}-help` : null;
    if (o.help) wrap.append(h("p", { class: "help", id: helpId, text: o.help }));
    const sel = h("select", { id, "aria-describedby": [helpId, `${id}-msg`].filter(Boolean).join(" "), "data-fid": `${o.file}|${o.key}|select` });
    for (const [value, label] of o.options) sel.append(h("option", { value, text: label }));
    sel.value = o.value;
    sel.addEventListener("change", () => o.onchange(sel.value));
    sel.addEventListener("focus", () => setTarget(o.target));
    wrap.append(sel, h("p", { class: "msg", id: `${id}-msg` }));
    return wrap;
  }

  function button(text, onclick, attrs) {
    return h("button", Object.assign({ type: "button", onclick }, attrs || {}), text);
  }

  function setTarget(target) {
    if (!target || same(target, S.target)) return;
    S.target = target;
    schedulePreview({ now: true });
  }

  // ---------------------------------------------------------------- the panels

  function renderAll() {
    const active = document.activeElement;
    const fid = active && active.dataset ? active.dataset.fid : null;
    const selection = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
    uid = 0;
    const file = deckFile();
    $("#packname").textContent = S.pack ? `${S.pack.name} · ${S.deck || ""}` : "";
    const tabs = $("#tabs");
    tabs.replaceChildren();
    const panels = $("#panels");
    panels.replaceChildren();
    for (const name of TABS) {
      const tab = h("button", {
        type: "button",
        role: "tab",
        id: `tab-${name}`,
        "aria-controls": `panel-${name}`,
        "aria-selected": String(S.tab === name),
        tabindex: S.tab === name ? "0" : "-1",
        text: t(`tab_${name}`),
      });
      tab.addEventListener("click", () => showTab(name));
      tab.addEventListener("keydown", tabKeys);
      tabs.append(tab);
      const panel = h("section", { role: "tabpanel", id: `panel-${name}`, "aria-labelledby": `tab-${name}`, class: "panel", tabindex: "0" });
      panel.hidden = S.tab !== name;
      panels.append(panel);
    }
    if (!file) {
      $("#panel-deck").append(h("p", { text: t("noDeck") }));
    } else if (file.data === null) {
      renderBroken($("#panel-deck"), S.deck);
      for (const name of ["questions", "principles"]) $(`#panel-${name}`).append(h("p", { text: t("brokenElsewhere") }));
      renderBranding($("#panel-branding"));
    } else {
      renderDeck($("#panel-deck"));
      renderQuestions($("#panel-questions"));
      renderPrinciples($("#panel-principles"));
      renderBranding($("#panel-branding"));
    }
    renderHandouts($("#panel-handouts"));
    renderPrint($("#panel-print"));
    if (fid) {
      const again = document.querySelector(`[data-fid="${CSS.escape(fid)}"]`);
      if (again) {
        again.focus({ preventScroll: true });
        if (selection && "setSelectionRange" in again) {
          try {
            again.setSelectionRange(selection[0], selection[1]);
          } catch (e) {
            /* not a text field */
          }
        }
      }
    }
    showProblems();
  }

  function showTab(name, focus = true) {
    S.tab = name;
    for (const n of TABS) {
      const tab = $(`#tab-${n}`);
      tab.setAttribute("aria-selected", String(n === name));
      tab.tabIndex = n === name ? 0 : -1;
      $(`#panel-${n}`).hidden = n !== name;
    }
    if (focus) $(`#tab-${name}`).focus();
    const targets = {
      deck: { card: "intro (instruction card)" },
      principles: { card: "principles (instruction card)" },
      branding: { card: "intro (instruction card)" },
    };
    if (targets[name]) setTarget(targets[name]);
    if (name === "handouts" && S.handout) setTarget({ handout: S.handout, page: 1 });
  }
  function tabKeys(ev) {
    const i = TABS.indexOf(S.tab);
    const go = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[ev.key];
    if (go === undefined) return;
    ev.preventDefault();
    showTab(TABS[(go + TABS.length) % TABS.length]);
  }

  function heading(text, level = 2) {
    return h(`h${level}`, { text });
  }

  function renderBroken(panel, rel) {
    const f = S.files[rel];
    panel.append(
      heading(t("brokenTitle", { file: rel })),
      h("p", { class: "msg-block", text: translateMessage(f.error || "") + (f.line ? ` (${t("line", { line: f.line })})` : "") }),
      h("p", { text: t("brokenHelp") }),
    );
    if (f.text !== null && f.text !== undefined) {
      panel.append(
        field({
          file: rel,
          key: "__text",
          label: t("yamlText"),
          type: "textarea",
          rows: 18,
          content: false,
          get: () => f.text,
          set: (v) => (f.text = v),
          target: S.target,
        }),
      );
      $("textarea", panel).classList.add("code");
    }
  }

  function renderDeck(panel) {
    const rel = S.deck;
    const data = deckData();
    const inh = inherited();
    panel.append(heading(t("deckTitle")));
    const decks = Object.keys(S.files).filter((r) => S.files[r].kind === "deck");
    if (decks.length > 1) {
      panel.append(
        select({
          file: rel,
          key: "__deck",
          label: t("whichDeck"),
          options: decks.map((d) => [d, d]),
          value: rel,
          onchange: (v) => {
            S.deck = v;
            S.target = { card: "intro (instruction card)" };
            renderAll();
            schedulePreview({ now: true });
            scheduleCheck(0);
          },
        }),
      );
    }
    if (inh) panel.append(h("p", { class: "note", text: t("extendsNote", { name: inh.title || inh.name }) }));
    const intro = { card: "intro (instruction card)" };
    panel.append(
      field({ file: rel, key: "title", label: t("deckName"), help: t(inh ? "deckNameHelpInherited" : "deckNameHelp"), placeholder: inh ? inh.title : "", optional: !!inh || true, target: intro }),
      field({ file: rel, key: "intro", label: t("deckIntro"), help: t("deckIntroHelp"), type: "textarea", rows: 5, placeholder: inh ? inh.intro : "", target: intro }),
      field({ file: rel, key: "publisher", label: t("deckPublisher"), help: t("deckPublisherHelp"), placeholder: inh ? inh.publisher : "", target: intro }),
    );
  }

  function questionTarget(i) {
    return { question: i };
  }

  function renderQuestions(panel) {
    const rel = S.deck;
    const data = deckData();
    const qs = Array.isArray(data.questions) ? data.questions : [];
    panel.append(heading(t("questionsTitle")), h("p", { class: "help", text: t("questionsHelp") }));
    const categories = new Set();
    for (const q of qs.concat((inherited() && inherited().questions) || [])) if (q && q.category) categories.add(q.category);
    const listId = "categories";
    panel.append(h("datalist", { id: listId }, [...categories].map((c) => h("option", { value: c }))));
    const list = h("ol", { class: "questions" });
    qs.forEach((q, i) => list.append(questionItem(rel, qs, i, listId)));
    panel.append(list);
    panel.append(
      h(
        "div",
        { class: "actions" },
        button(t("addQuestion"), () => {
          const q = { text: "" };
          S.created.add(q);
          if (!Array.isArray(data.questions)) data.questions = [];
          data.questions.push(q);
          changed(rel, questionTarget(data.questions.length - 1));
          renderAll();
          const boxes = document.querySelectorAll("#panel-questions ol.questions > li textarea");
          boxes[boxes.length - 1].focus();
        }, { class: "primary", id: "add-question" }),
        button(t("pasteList"), () => openPaste(), { id: "paste-open" }),
      ),
    );
    const inh = inherited();
    if (inh && inh.questions.length) {
      const drop = new Set((Array.isArray(data.drop) ? data.drop : []).map(String));
      const own = new Set(qs.map((q) => q && typeof q === "object" && q.id).filter(Boolean));
      const details = h("details", { class: "shipped" }, h("summary", { text: t("shippedQuestions", { n: inh.questions.length, name: inh.title || inh.name }) }));
      details.append(h("p", { class: "help", text: t("shippedHelp") }));
      const ul = h("ul", { class: "shipped-list" });
      for (const q of inh.questions) {
        const id = nextId("s");
        const box = h("input", { type: "checkbox", id, "data-fid": `${rel}|drop:${q.id}|check` });
        box.checked = !drop.has(q.id);
        box.addEventListener("change", () => {
          let d = Array.isArray(data.drop) ? data.drop.slice() : [];
          if (box.checked) d = d.filter((x) => String(x) !== q.id);
          else if (!d.includes(q.id)) d.push(q.id);
          if (d.length) data.drop = d;
          else delete data.drop;
          changed(rel, { card: q.id });
        });
        box.addEventListener("focus", () => setTarget({ card: q.id }));
        const replaced = own.has(q.id) ? h("span", { class: "tag", text: t("replacedByOwn") }) : null;
        ul.append(h("li", { dataset: { file: rel, key: `drop:${q.id}` } }, box, h("label", { for: id, lang: packLang(), text: q.text }), replaced));
      }
      details.append(ul);
      panel.append(details);
    }
  }

  function questionItem(rel, qs, i, listId) {
    const q = qs[i];
    const isText = typeof q === "string";
    const text = isText ? q : (q && q.text) || "";
    const key = `questions[${i}]`;
    const target = questionTarget(i);
    const li = h("li", { class: "question", dataset: { file: rel, key } });
    const count = h("p", { class: "count", "aria-live": "off" });
    const setCount = (v) => (count.textContent = t("chars", { n: number([...v].length) }));
    setCount(text);
    const textField = field({
      file: rel,
      key: `${key}.text`,
      label: t("questionN", { n: i + 1 }),
      type: "textarea",
      rows: 2,
      optional: false,
      target,
      get: () => text,
      set: (v) => {
        if (typeof qs[i] === "string" && v.trim() !== "") qs[i] = v;
        else {
          if (typeof qs[i] !== "object" || qs[i] === null) qs[i] = {};
          qs[i].text = v;
        }
      },
      oninput: (v) => setCount(v),
      extra: count,
    });
    li.append(textField);
    const current = isText ? "" : (q && q.principle) || "";
    const ps = principles().filter((p) => p.id);
    const options = [["", t("noPrinciple")]].concat(ps.map((p) => [String(p.id || ""), `${p.title || p.id}`]));
    if (current && !ps.some((p) => String(p.id) === current)) options.push([current, t("unknownPrinciple", { id: current })]);
    const setProp = (name, v) => {
      if (typeof qs[i] === "string") qs[i] = { text: qs[i] };
      if (v) qs[i][name] = v;
      else delete qs[i][name];
    };
    const row = h(
      "div",
      { class: "row" },
      select({
        file: rel,
        key: `${key}.principle`,
        label: t("principle"),
        options,
        value: current,
        target,
        onchange: (v) => {
          setProp("principle", v);
          changed(rel, target);
        },
      }),
      field({
        file: rel,
        key: `${key}.category`,
        label: t("category"),
        list: listId,
        target,
        get: () => (isText ? "" : (q && q.category) || ""),
        set: (v) => setProp("category", v.trim() ? v : ""),
      }),
    );
    li.append(row);
    const foot = h("div", { class: "item-foot" });
    li.append(foot);
    foot.append(
      h(
        "details",
        { class: "advanced" },
        h("summary", { text: t("advanced") }),
        field({
          file: rel,
          key: `${key}.id`,
          label: t("questionId"),
          help: t("questionIdHelp"),
          content: false,
          target,
          get: () => (isText ? "" : (q && q.id) || ""),
          set: (v) => setProp("id", v.trim()),
        }),
      ),
    );
    foot.append(itemTools(rel, qs, i, "question", target));
    return li;
  }

  function itemTools(rel, list, i, noun, target) {
    const n = i + 1;
    const base = `${rel}|${noun}[${i}]`;
    const move = (to) => {
      const [item] = list.splice(i, 1);
      list.splice(to, 0, item);
      changed(rel, noun === "question" ? questionTarget(to) : target);
      renderAll();
      const again = document.querySelector(`[data-fid="${CSS.escape(`${rel}|${noun}[${to}]|${to < i ? "up" : "down"}`)}"]`);
      const fallback = document.querySelector(`[data-fid="${CSS.escape(`${rel}|${noun}[${to}]|${to < i ? "down" : "up"}`)}"]`);
      (again && !again.disabled ? again : fallback)?.focus();
      announce(t("moved", { n: to + 1 }));
    };
    return h(
      "div",
      { class: "item-tools" },
      button(t("moveUp"), () => move(i - 1), { disabled: i === 0, "aria-label": t(`moveUp_${noun}`, { n }), "data-fid": `${base}|up` }),
      button(t("moveDown"), () => move(i + 1), { disabled: i === list.length - 1, "aria-label": t(`moveDown_${noun}`, { n }), "data-fid": `${base}|down` }),
      button(t("delete"), () => {
        const [item] = list.splice(i, 1);
        changed(rel, noun === "question" ? questionTarget(Math.max(0, i - 1)) : target);
        renderAll();
        undoBar(t(`deleted_${noun}`, { n }), () => {
          list.splice(i, 0, item);
          changed(rel, noun === "question" ? questionTarget(i) : target);
          renderAll();
        });
      }, { class: "danger", "aria-label": t(`delete_${noun}`, { n }), "data-fid": `${base}|delete` }),
    );
  }

  let undoTimer = null;
  function undoBar(text, undo) {
    const note = $("#save-status");
    const bar = h("span", {}, h("span", { text: `${text} ` }), button(t("undo"), () => {
      bar.remove();
      undo();
      updateSaveState();
    }, { class: "link", id: "undo" }));
    note.replaceChildren(bar);
    announce(text);
    clearTimeout(undoTimer);
    undoTimer = setTimeout(() => {
      if (bar.isConnected && !bar.contains(document.activeElement)) {
        bar.remove();
        updateSaveState();
      }
    }, 20000);
  }

  function renderPrinciples(panel) {
    const rel = S.deck;
    const data = deckData();
    const inh = inherited();
    const target = { card: "principles (instruction card)" };
    panel.append(heading(t("principlesTitle")), h("p", { class: "help", text: t("principlesHelp") }));
    if (!data.approach) {
      const shipped = inh && inh.approach && inh.approach.principles ? inh.approach.principles : [];
      if (shipped.length) {
        panel.append(h("p", { class: "note", text: t("principlesInherited", { name: inh.title || inh.name }) }));
        panel.append(h("ul", { class: "inherited-principles" }, shipped.map((p) => h("li", { lang: packLang() }, h("span", { class: "swatch", style: `background:${/^#[0-9a-f]{6}$/i.test(p.colour || "") ? p.colour : "transparent"}`, "aria-hidden": "true" }), p.title || p.id))));
      }
      panel.append(
        button(t(shipped.length ? "principlesCopy" : "principlesStart"), () => {
          data.approach = shipped.length ? clone(inh.approach) : { title: "", principles: [] };
          changed(rel, target);
          renderAll();
        }, { class: "primary", id: "principles-own" }),
      );
      return;
    }
    const ap = data.approach;
    if (!Array.isArray(ap.principles)) ap.principles = [];
    panel.append(
      field({ file: rel, key: "approach.title", label: t("approachTitle"), target }),
      field({ file: rel, key: "approach.intro", label: t("approachIntro"), type: "textarea", rows: 4, target }),
    );
    const list = h("ol", { class: "principles" });
    ap.principles.forEach((p, i) => {
      const key = `approach.principles[${i}]`;
      const li = h("li", { class: "principle", dataset: { file: rel, key } });
      li.append(
        field({
          file: rel,
          key: `${key}.title`,
          label: t("principleName", { n: i + 1 }),
          optional: false,
          target,
          onblur: () => {
            if (!p.id && p.title) {
              const taken = new Set(ap.principles.map((x) => x.id).filter(Boolean));
              p.id = uniqueId(slugify(p.title), taken);
              changed(rel, target);
              renderAll();
            }
          },
        }),
        field({ file: rel, key: `${key}.text`, label: t("principleText"), type: "textarea", rows: 3, target }),
        colourField({ file: rel, key: `${key}.colour`, label: t("principleColour"), help: t("principleColourHelp"), target }),
        h(
          "div",
          { class: "item-foot" },
          h(
            "details",
            { class: "advanced" },
            h("summary", { text: t("advanced") }),
            field({ file: rel, key: `${key}.id`, label: t("principleId"), help: t("principleIdHelp"), content: false, optional: false, target }),
          ),
          itemTools(rel, ap.principles, i, "principle", target),
        ),
      );
      list.append(li);
    });
    panel.append(list);
    panel.append(
      h(
        "div",
        { class: "actions" },
        button(t("addPrinciple"), () => {
          const p = { id: "", title: "" };
          S.created.add(p);
          ap.principles.push(p);
          changed(rel, target);
          renderAll();
          const boxes = document.querySelectorAll("#panel-principles ol.principles > li input");
          if (boxes.length) boxes[boxes.length - 4 >= 0 ? boxes.length - 4 : 0].focus();
          const last = document.querySelector(`[data-fid="${CSS.escape(`${rel}|approach.principles[${ap.principles.length - 1}].title|input`)}"]`);
          if (last) last.focus();
        }, { class: "primary" }),
      ),
    );
  }

  function renderBranding(panel) {
    panel.append(heading(t("brandingTitle")), h("p", { class: "help", text: t("brandingHelp") }));
    const rel = brandingRel();
    if (!rel) {
      panel.append(
        button(t("brandingCreate"), async () => {
          try {
            const res = await call("/api/new", { what: "branding", lang: packLang() });
            setFile(res.rel, res.file);
            renderAll();
            schedulePreview({ now: true });
          } catch (e) {
            showError(e);
          }
        }, { class: "primary", id: "branding-create" }),
      );
      return;
    }
    const f = S.files[rel];
    if (f.data === null) {
      renderBroken(panel, rel);
      return;
    }
    const front = { card: "intro (instruction card)" };
    panel.append(h("p", { class: "note", text: t("brandingFile", { file: rel }) }));
    panel.append(field({ file: rel, key: "organisation", label: t("organisation"), help: t("organisationHelp"), optional: false, target: front }));
    panel.append(logoField(rel, front));
    panel.append(heading(t("colours"), 3));
    panel.append(
      colourField({ file: rel, key: "colours.primary", label: t("colourPrimary"), help: t("colourPrimaryHelp"), optional: false, target: front }),
      colourField({ file: rel, key: "colours.secondary", label: t("colourSecondary"), help: t("colourSecondaryHelp"), target: firstQuestionTarget() }),
      colourField({ file: rel, key: "colours.accent", label: t("colourAccent"), help: t("colourAccentHelp"), target: front, noText: true }),
    );
    panel.append(
      field({ file: rel, key: "contact", label: t("contact"), help: t("contactHelp"), content: false, target: front }),
      field({ file: rel, key: "footer", label: t("footer"), help: t("footerHelp"), target: front }),
    );
  }
  function firstQuestionTarget() {
    const qs = deckData().questions;
    return Array.isArray(qs) && qs.length ? questionTarget(0) : { card: "intro (instruction card)" };
  }

  function logoField(rel, target) {
    const f = S.files[rel];
    const id = nextId();
    const wrap = h("div", { class: "field logo", dataset: { file: rel, key: "logo" } });
    wrap.append(h("label", { for: id, text: t("logo") }));
    const helpId = `${id}-help`;
    wrap.append(h("p", { class: "help", id: helpId, text: t("logoHelp", { mb: number(S.limits.upload_bytes / 1048576) }) }));
    const logo = f.data.logo;
    const folder = rel.split("/").slice(0, -1).join("/");
    if (logo) {
      const path = folder ? `${folder}/${logo}` : String(logo);
      wrap.append(
        h("div", { class: "logo-now" }, h("img", { src: `/api/asset?path=${encodeURIComponent(path)}&v=${S.rev}`, alt: t("logoAlt", { file: logo }), class: "logo-thumb" }), h("span", { text: String(logo) }),
          button(t("logoRemove"), () => {
            delete f.data.logo;
            changed(rel, target);
            renderAll();
          }, { class: "link", "data-fid": `${rel}|logo|remove` })),
      );
    }
    const input = h("input", { type: "file", id, accept: ".png,.jpg,.jpeg,.svg,image/png,image/jpeg,image/svg+xml", "aria-describedby": `${helpId} ${id}-msg`, "data-fid": `${rel}|logo|file` });
    input.addEventListener("focus", () => setTarget(target));
    input.addEventListener("change", async () => {
      const file = input.files[0];
      if (!file) return;
      const msg = $(".msg", wrap);
      if (file.size > S.limits.upload_bytes) {
        msg.textContent = t("tooLarge", { mb: number(S.limits.upload_bytes / 1048576) });
        return;
      }
      msg.textContent = t("uploading");
      try {
        const res = await upload(`/api/upload?name=${encodeURIComponent(file.name)}&beside=${encodeURIComponent(rel)}`, file);
        f.data.logo = res.logo;
        changed(rel, target);
        renderAll();
        announce(t("logoSaved", { file: res.logo }));
      } catch (e) {
        msg.textContent = e.status === 413 ? t("tooLarge", { mb: number(S.limits.upload_bytes / 1048576) }) : translateMessage(e.message);
      }
    });
    wrap.append(input, h("p", { class: "msg", id: `${id}-msg` }));
    return wrap;
  }

  function renderHandouts(panel) {
    panel.append(heading(t("handoutsTitle")), h("p", { class: "help", text: t("handoutsHelp") }));
    const rels = handoutRels();
    if (!S.handout || !rels.includes(S.handout)) S.handout = rels[0] || null;
    if (rels.length > 1) {
      panel.append(
        select({
          file: S.handout,
          key: "__handout",
          label: t("whichHandout"),
          options: rels.map((r) => [r, `${(S.files[r].data && S.files[r].data.title) || r} (${r})`]),
          value: S.handout,
          onchange: (v) => {
            S.handout = v;
            renderAll();
            setTarget({ handout: v, page: 1 });
          },
        }),
      );
    }
    if (S.handout) {
      const rel = S.handout;
      const f = S.files[rel];
      if (f.data === null) renderBroken(panel, rel);
      else renderHandout(panel, rel, f.data);
    } else {
      panel.append(h("p", { class: "note", text: t("noHandouts") }));
    }
    const titleId = nextId();
    const newTitle = h("input", { id: titleId, type: "text", lang: packLang(), autocomplete: "off", "data-fid": "new-handout|title|input" });
    panel.append(
      h(
        "div",
        { class: "new-handout" },
        heading(t("newHandout"), 3),
        h("label", { for: titleId, text: t("newHandoutTitle") }),
        newTitle,
        button(t("newHandoutCreate"), async () => {
          if (!newTitle.value.trim()) {
            newTitle.focus();
            return;
          }
          try {
            const res = await call("/api/new", { what: "handout", lang: packLang(), title: newTitle.value.trim() });
            setFile(res.rel, res.file);
            S.handout = res.rel;
            renderAll();
            setTarget({ handout: res.rel, page: 1 });
            announce(t("handoutCreated", { file: res.rel }));
          } catch (e) {
            showError(e);
          }
        }),
      ),
    );
    const others = otherRels();
    if (others.length) {
      panel.append(heading(t("otherFiles"), 3), h("p", { class: "help", text: t("otherFilesHelp") }), h("ul", {}, others.map((r) => h("li", { text: `${r} (${S.files[r].kind})` }))));
    }
  }

  function renderHandout(panel, rel, data) {
    const target = { handout: rel, page: 1 };
    const sections = Array.isArray(data.sections) ? data.sections : [];
    panel.append(
      h("p", { class: "note", text: t("handoutFile", { file: rel }) }),
      field({ file: rel, key: "title", label: t("handoutTitle"), optional: false, target }),
      field({ file: rel, key: "subtitle", label: t("handoutSubtitle"), target }),
      field({ file: rel, key: "intro", label: t("handoutIntro"), type: "textarea", rows: 4, target }),
      field({ file: rel, key: "publisher", label: t("handoutPublisher"), target }),
    );
    const list = h("ol", { class: "sections" });
    sections.forEach((s, i) => {
      const key = `sections[${i}]`;
      const li = h("li", { class: "section", dataset: { file: rel, key } });
      const numberedId = nextId();
      const numbered = h("input", { type: "checkbox", id: numberedId, "data-fid": `${rel}|${key}.numbered|check` });
      numbered.checked = s.numbered === true || ["true", "yes", "on"].includes(String(s.numbered).toLowerCase());
      numbered.addEventListener("change", () => {
        if (numbered.checked) s.numbered = true;
        else delete s.numbered;
        changed(rel, target);
      });
      li.append(
        field({ file: rel, key: `${key}.title`, label: t("sectionTitle", { n: i + 1 }), optional: false, target }),
        field({ file: rel, key: `${key}.text`, label: t("sectionText"), type: "textarea", rows: 4, target }),
        field({
          file: rel,
          key: `${key}.items`,
          label: t("sectionItems"),
          help: t("sectionItemsHelp"),
          type: "textarea",
          rows: 4,
          target,
          get: () => (Array.isArray(s.items) ? s.items.join("\n") : ""),
          set: (v) => {
            const items = v.split("\n").map((x) => x.trim()).filter(Boolean);
            if (items.length) s.items = items;
            else delete s.items;
          },
        }),
        h("div", { class: "field check", dataset: { file: rel, key: `${key}.numbered` } }, numbered, h("label", { for: numberedId, class: "inline", text: t("sectionNumbered") })),
        itemTools(rel, sections, i, "section", target),
      );
      list.append(li);
    });
    panel.append(
      list,
      h(
        "div",
        { class: "actions" },
        button(t("addSection"), () => {
          if (!Array.isArray(data.sections)) data.sections = sections;
          data.sections.push({ title: "" });
          changed(rel, target);
          renderAll();
          const last = document.querySelector(`[data-fid="${CSS.escape(`${rel}|sections[${data.sections.length - 1}].title|input`)}"]`);
          if (last) last.focus();
        }, { class: "primary" }),
      ),
    );
  }

  function renderPrint(panel) {
    panel.append(heading(t("printTitle")), h("p", { class: "help", text: t("printHelp") }));
    const p = S.print;
    const mode = p.layout === "single" ? "printshop" : p.layout === "fold" ? "fold" : "sheet";
    const how = h("fieldset", { class: "choices" }, h("legend", { text: t("printHow") }));
    for (const m of ["sheet", "fold", "printshop"]) {
      const id = nextId();
      const radio = h("input", { type: "radio", name: "print-mode", id, value: m, "aria-describedby": `${id}-help`, "data-fid": `print|mode|${m}` });
      radio.checked = mode === m;
      radio.addEventListener("change", () => {
        if (m === "printshop") Object.assign(p, { layout: "single", bleed: 3 });
        else Object.assign(p, { layout: m, bleed: 0 });
        savePrint();
        renderAll();
      });
      how.append(h("div", { class: "choice" }, radio, h("label", { for: id, class: "inline", text: t(`print_${m}`) }), h("p", { class: "help", id: `${id}-help`, text: t(`print_${m}_help`) })));
    }
    panel.append(how);
    const sizes = CARD_SIZES.map((s) => [s, t(`card_${s}`)]);
    if (!CARD_SIZES.includes(p.card)) sizes.push([p.card, p.card]);
    panel.append(
      select({ file: "print", key: "card", label: t("cardSize"), help: t("cardSizeHelp"), options: sizes, value: p.card, onchange: (v) => { p.card = v; savePrint(); schedulePreview({ now: true }); scheduleCheck(0); } }),
      select({ file: "print", key: "paper", label: t("paper"), help: t("paperHelp"), options: [["a4", "A4"], ["a3", "A3"], ["letter", "Letter"]], value: p.paper, onchange: (v) => { p.paper = v; savePrint(); } }),
    );
    const duplex = h("fieldset", { class: "choices" }, h("legend", { text: t("duplex") }), h("p", { class: "help", text: t("duplexHelp") }));
    for (const d of ["long-edge", "short-edge"]) {
      const id = nextId();
      const radio = h("input", { type: "radio", name: "print-duplex", id, value: d, "data-fid": `print|duplex|${d}` });
      radio.checked = p.duplex === d;
      radio.disabled = p.layout !== "sheet";
      radio.addEventListener("change", () => { p.duplex = d; savePrint(); });
      duplex.append(h("div", { class: "choice" }, radio, h("label", { for: id, class: "inline", text: t(`duplex_${d}`) })));
    }
    panel.append(duplex);
    panel.append(
      select({
        file: "print", key: "bleed", label: t("bleed"), help: t("bleedHelp"),
        options: [["0", t("bleed0")], ["3", t("bleed3")]], value: String(p.bleed || 0),
        onchange: (v) => { p.bleed = Number(v); savePrint(); },
      }),
    );
    const checks = h("div", { class: "checks" });
    for (const [key, label, help] of [["backs", "backs", "backsHelp"], ["ink_saving", "inkSaving", "inkSavingHelp"]]) {
      const id = nextId();
      const box = h("input", { type: "checkbox", id, "aria-describedby": `${id}-help`, "data-fid": `print|${key}|check` });
      box.checked = key === "backs" ? p.backs !== false : !!p.ink_saving;
      box.addEventListener("change", () => { p[key] = box.checked; savePrint(); schedulePreview({ now: true }); });
      checks.append(h("div", { class: "choice" }, box, h("label", { for: id, class: "inline", text: t(label) }), h("p", { class: "help", id: `${id}-help`, text: t(help) })));
    }
    panel.append(checks);
    panel.append(heading(t("downloads"), 3), h("p", { class: "help", text: t("downloadsHelp") }));
    const downloads = h("div", { class: "downloads" });
    downloads.append(button(t("downloadDeck"), () => download("deck"), { class: "primary", id: "download-deck" }));
    if (principles().length) downloads.append(button(t("downloadPrinciples"), () => download("principles"), { id: "download-principles" }));
    for (const rel of handoutRels()) {
      const title = (S.files[rel].data && S.files[rel].data.title) || rel;
      downloads.append(button(t("downloadHandout", { title }), () => download(`handout:${rel}`)));
    }
    downloads.append(button(t("downloadTest"), () => download("testpage"), { id: "download-test", "aria-describedby": "test-help" }));
    panel.append(downloads, h("p", { class: "help", id: "test-help", text: t("testHelp") }));
  }

  function savePrint() {
    try {
      localStorage.setItem(`kort-print-${S.pack && S.pack.root}`, JSON.stringify(S.print));
    } catch (e) {
      /* private mode: the choices last until the page is closed */
    }
  }

  async function download(what) {
    const status = $("#save-status");
    status.textContent = t("preparing");
    try {
      const res = await call("/api/download", payload({ what }), { raw: true });
      const blob = await res.blob();
      const disposition = res.headers.get("Content-Disposition") || "";
      const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
      const name = match ? decodeURIComponent(match[1]) : "kort.pdf";
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = t("downloaded", { file: name });
    } catch (e) {
      if (e.data && e.data.problems) {
        S.checked = e.data.problems;
        showProblems();
        status.textContent = t("downloadProblems");
      } else showError(e);
    }
  }

  // ---------------------------------------------------------------- preview and checks

  let inflight = false;
  let pending = false;
  let lastStart = 0;
  let timer = null;
  let changeAt = 0;

  function schedulePreview(opts) {
    pending = true;
    changeAt = changeAt || performance.now();
    if (!inflight) {
      clearTimeout(timer);
      const wait = opts && opts.now ? 0 : Math.max(0, MIN_GAP_MS - (performance.now() - lastStart));
      timer = setTimeout(runPreview, wait);
    }
    scheduleCheck();
  }

  async function runPreview() {
    if (inflight || !pending || !S.deck) return;
    pending = false;
    inflight = true;
    lastStart = performance.now();
    const since = changeAt;
    changeAt = 0;
    const target = S.target;
    $("#preview-note").textContent = t("updating");
    $("#faces").classList.add("busy");
    try {
      const res = await call("/api/preview", payload({ target }));
      await showPreview(res, target);
      if (since) window.kortTimings.push(performance.now() - since);
    } catch (e) {
      $("#preview-note").textContent = t("previewFailed", { error: translateMessage(e.message) });
    } finally {
      inflight = false;
      $("#faces").classList.remove("busy");
      if (pending) timer = setTimeout(runPreview, Math.max(0, MIN_GAP_MS - (performance.now() - lastStart)));
    }
  }

  async function showPreview(res, target) {
    const front = $("#face-front");
    const back = $("#face-back");
    const note = $("#preview-note");
    S.load = res.card || (res.images && res.images.page) ? [] : res.problems || [];
    S.cardProblems = res.card ? res.problems || [] : [];
    S.cardKey = target.question !== undefined ? `questions[${target.question}]` : null;
    const figures = $("#faces").querySelectorAll("figure");
    if (res.images && res.images.page) {
      figures[1].hidden = true;
      front.src = res.images.page;
      front.alt = t("altPage", { page: res.page, pages: res.pages, title: handoutTitle(target.handout) });
      figures[0].querySelector("figcaption").textContent = t("pageOf", { page: res.page, pages: res.pages });
      $("#preview-caption").textContent = t("captionHandout", { title: handoutTitle(target.handout) });
      $("#show-sheet").textContent = t("showPages");
      await front.decode().catch(() => {});
      note.textContent = "";
    } else if (res.images) {
      figures[1].hidden = !res.images.back;
      figures[0].querySelector("figcaption").textContent = t("front");
      front.src = res.images.front;
      if (res.images.back) back.src = res.images.back;
      const text = cardText(target, res.card);
      front.alt = t("altFront", { n: res.card.number, text });
      back.alt = t("altBack", { title: deckTitle() });
      $("#preview-caption").textContent = t("caption", { n: res.card.number, count: res.card.count, size: sizeName(S.print.card) });
      $("#show-sheet").textContent = t("showSheet");
      await Promise.all([front.decode().catch(() => {}), back.decode().catch(() => {})]);
      front.classList.remove("stale");
      back.classList.remove("stale");
      note.textContent = "";
    } else {
      front.classList.add("stale");
      back.classList.add("stale");
      if (res.card) $("#preview-caption").textContent = t("caption", { n: res.card.number, count: res.card.count, size: sizeName(S.print.card) });
      note.textContent = t(res.card ? "previewCardProblem" : "previewPaused");
    }
    showProblems();
  }

  function cardText(target, card) {
    if (target.question !== undefined) {
      const q = (deckData().questions || [])[target.question];
      return typeof q === "string" ? q : (q && q.text) || card.id;
    }
    const shipped = inherited() && inherited().questions.find((q) => q.id === card.id);
    if (shipped) return shipped.text;
    const names = { "intro (instruction card)": "cardIntro", "principles (instruction card)": "cardPrinciples", "steps (instruction card)": "cardSteps" };
    return names[card.id] ? t(names[card.id]) : card.id;
  }
  function cardName(id) {
    const own = (deckData().questions || []).find((q) => q && typeof q === "object" && q.id === id);
    const shipped = inherited() && inherited().questions.find((q) => q.id === id);
    const text = (own && own.text) || (shipped && shipped.text) || id;
    return text.length > 70 ? `${text.slice(0, 68)}…` : text;
  }
  function deckTitle() {
    return deckData().title || (inherited() && inherited().title) || "";
  }
  function handoutTitle(rel) {
    const f = S.files[rel];
    return (f && f.data && f.data.title) || rel;
  }
  function sizeName(card) {
    return CARD_SIZES.includes(card) ? t(`card_${card}`) : card;
  }

  let checkTimer = null;
  let checking = false;
  function scheduleCheck(wait = CHECK_AFTER_MS) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, wait);
  }
  async function runCheck() {
    if (!S.deck) return;
    if (checking || inflight) {
      scheduleCheck(300);
      return;
    }
    checking = true;
    const rev = S.rev;
    try {
      const res = await call("/api/check", payload());
      if (rev === S.rev) {
        S.checked = res.problems || [];
        showProblems();
      } else scheduleCheck(300);
    } catch (e) {
      /* the preview shows what went wrong */
    } finally {
      checking = false;
    }
  }

  // ---------------------------------------------------------------- problems next to their fields

  function translateMessage(message) {
    for (const p of L.patterns || []) {
      const m = new RegExp(p.re).exec(message);
      if (m) return fill(p[lang] || p.en, m.groups || {});
    }
    return message;
  }
  function translateHint(hint) {
    if (!hint) return "";
    for (const p of L.hints || []) {
      const m = new RegExp(p.re).exec(hint);
      if (m) return fill(p[lang] || p.en, m.groups || {});
    }
    return hint;
  }
  function fill(template, groups) {
    let s = template;
    for (const [k, v] of Object.entries(groups)) s = s.split(`{${k}}`).join(v === undefined ? "" : v);
    if (groups.size) s = s.split("{sizeName}").join(sizeName(groups.size));
    return s;
  }

  function currentProblems() {
    if (S.load.length) return S.load;
    const seen = new Set();
    const out = [];
    const drop = (p) => S.cardKey && p.file === S.deck && (p.key === S.cardKey || p.key.startsWith(`${S.cardKey}.`)) && !S.cardProblems.length;
    for (const p of S.cardProblems.concat(S.checked.filter((p) => !drop(p)))) {
      const k = `${p.file}|${p.key}|${p.message}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push(p);
      }
    }
    return out;
  }

  function fieldFor(p) {
    if (!p.file) return null;
    let parts = parseKey(p.key || (/^the logo /.test(p.message) ? "logo" : ""));
    const esc = (s) => CSS.escape(s);
    while (true) {
      const key = keyOf(parts);
      for (const k of [key, `${key}.text`]) {
        const el = document.querySelector(`.field[data-file="${esc(p.file)}"][data-key="${esc(k)}"]`);
        if (el) return el;
      }
      const item = document.querySelector(`[data-file="${esc(p.file)}"][data-key="${esc(key)}"]`);
      if (item && key) return item;
      if (!parts.length) return null;
      parts = parts.slice(0, -1);
    }
  }

  function problemText(p) {
    let text = translateMessage(p.message);
    const hint = translateHint(p.hint);
    if (/does not fit on the card/.test(p.message)) {
      const q = getAt(S.files[p.file] && S.files[p.file].data, p.key);
      const qt = typeof q === "string" ? q : q && q.text;
      if (qt) text += ` ${t("charsNow", { n: number([...qt].length) })}`;
    }
    return hint ? `${text} ${hint}` : text;
  }

  function showProblems() {
    for (const el of document.querySelectorAll(".field .msg")) el.textContent = "";
    for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of document.querySelectorAll(".has-problem")) el.classList.remove("has-problem");
    const problems = currentProblems();
    const list = $("#problem-list");
    list.replaceChildren();
    for (const p of problems) {
      const text = problemText(p);
      const place = fieldFor(p);
      if (place) {
        const msg = place.classList.contains("field") ? $(":scope > .msg", place) : $(".msg", place);
        if (msg) {
          msg.textContent = msg.textContent ? `${msg.textContent} ${text}` : text;
          const control = $(":scope > input, :scope > textarea, :scope > select, :scope .colour-row > input.hex", place);
          if (control) control.setAttribute("aria-invalid", "true");
        }
        place.classList.add("has-problem");
      }
      const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ""}` : t("shippedWhere", { file: p.name });
      const card = !place && /card '([^']+)'/.exec(p.message);
      const about = card ? cardName(card[1]) : "";
      const li = h("li", {}, h("span", { class: "where", text: `${where}: ` }), about ? `“${about}”: ${text}` : text);
      if (place) {
        li.append(" ", button(t("goToField"), () => {
          const panel = place.closest(".panel");
          if (panel) showTab(panel.id.replace("panel-", ""), false);
          const control = place.querySelector("input, textarea, select") || place;
          control.focus();
        }, { class: "link" }));
      }
      list.append(li);
    }
    $("#problems").hidden = problems.length === 0;
    $("#problems-title").textContent = t("problemsTitle", { n: problems.length });
    const summary = problems.length ? t("problemsTitle", { n: problems.length }) : "";
    if (summary !== S.lastSummary) {
      S.lastSummary = summary;
      if (summary) announce(summary);
    }
  }

  // ---------------------------------------------------------------- saving, and changes made elsewhere

  function anyDirty() {
    return Object.values(S.files).some((f) => f.dirty);
  }
  function updateSaveState(keepStatus = false) {
    const dirty = anyDirty();
    $("#save").disabled = !dirty;
    const status = $("#save-status");
    if (!keepStatus && !$("#undo", status)) status.textContent = dirty ? t("unsaved") : t("allSaved");
    document.title = `${dirty ? "• " : ""}${S.pack ? S.pack.name : ""} – kort`;
  }

  function giveIds() {
    const data = deckData();
    if (Array.isArray(data.questions)) {
      const taken = new Set(data.questions.map((q) => q && typeof q === "object" && q.id).filter(Boolean));
      for (const q of inherited() ? inherited().questions : []) taken.add(q.id);
      for (const q of data.questions) {
        if (q && typeof q === "object" && S.created.has(q) && !q.id && q.text) {
          q.id = uniqueId(slugify(q.text), taken);
          taken.add(q.id);
        }
      }
    }
    const ap = data.approach;
    if (ap && Array.isArray(ap.principles)) {
      const taken = new Set(ap.principles.map((p) => p.id).filter(Boolean));
      for (const p of ap.principles) {
        if (!p.id && p.title) {
          p.id = uniqueId(slugify(p.title), taken);
          taken.add(p.id);
        }
      }
    }
    const f = deckFile();
    if (f) f.dirty = !same(f.data, f.base) || f.text !== f.baseText;
  }

  async function save() {
    if (!anyDirty()) return;
    giveIds();
    const files = {};
    for (const [rel, f] of Object.entries(S.files)) {
      if (f.dirty) files[rel] = f.data !== null ? { data: f.data, version: f.version } : { text: f.text, version: f.version };
    }
    const status = $("#save-status");
    status.textContent = t("saving");
    try {
      const res = await call("/api/save", { files });
      for (const [rel, file] of Object.entries(res.files)) setFile(rel, file);
      renderAll();
      updateSaveState();
      announce(t("saved"));
      status.textContent = t("saved");
      schedulePreview({ now: true });
    } catch (e) {
      if (e.status === 409) conflict(e.data.conflicts);
      else showError(e);
      updateSaveState(true);
    }
  }

  function setFile(rel, file) {
    S.files[rel] = Object.assign(file, { base: clone(file.data), baseText: file.text, dirty: false });
  }

  function conflict(files) {
    S.conflict = files;
    const names = Object.keys(files).join(", ");
    const banner = $("#banner");
    banner.replaceChildren(
      h("p", { text: t("conflict", { files: names }) }),
      h(
        "div",
        { class: "banner-tools" },
        button(t("conflictMerge"), () => resolve("merge"), { class: "primary", id: "conflict-merge" }),
        button(t("conflictTheirs"), () => resolve("theirs"), { id: "conflict-theirs" }),
      ),
    );
    banner.hidden = false;
    $("#conflict-merge").focus();
  }

  async function resolve(how) {
    const files = S.conflict || {};
    const notes = [];
    for (const [rel, theirs] of Object.entries(files)) {
      const mine = S.files[rel];
      if (how === "theirs" || !mine || mine.data === null || theirs.data === null) {
        setFile(rel, theirs);
        continue;
      }
      try {
        const res = await call("/api/merge", { file: rel, base: mine.base, mine: mine.data });
        const merged = res.file;
        S.files[rel] = Object.assign({}, merged, { base: clone(theirs.data), baseText: theirs.text, data: merged.data, dirty: true });
        S.files[rel].dirty = !same(S.files[rel].data, S.files[rel].base);
        if (res.conflicts.length) notes.push(t("mergedConflicts", { file: rel, keys: res.conflicts.join(", ") }));
      } catch (e) {
        showError(e);
      }
    }
    S.conflict = null;
    $("#banner").hidden = true;
    renderAll();
    updateSaveState();
    const text = how === "theirs" ? t("tookTheirs") : [t("merged")].concat(notes).join(" ");
    $("#save-status").textContent = text;
    announce(text);
    schedulePreview({ now: true });
    scheduleCheck(0);
  }

  async function watch() {
    while (true) {
      try {
        const res = await fetch(`/api/changes?since=${S.generation}`);
        if (!res.ok) throw new Error(res.statusText);
        const data = await res.json();
        if (data.generation !== S.generation) {
          S.generation = data.generation;
          await outsideChanges(data);
        }
      } catch (e) {
        $("#save-status").textContent = t("offline");
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  async function outsideChanges(info) {
    const state = await call("/api/state");
    const conflicts = {};
    const updated = [];
    for (const [rel, file] of Object.entries(state.files)) {
      const mine = S.files[rel];
      if (!mine) {
        setFile(rel, file);
        updated.push(rel);
      } else if (mine.version !== file.version) {
        if (mine.dirty) conflicts[rel] = file;
        else {
          setFile(rel, file);
          updated.push(rel);
        }
      }
    }
    for (const rel of Object.keys(S.files)) {
      if (!state.files[rel] && !S.files[rel].dirty) {
        delete S.files[rel];
        updated.push(rel);
      }
    }
    S.inherited = state.inherited;
    if (!S.files[S.deck]) S.deck = state.deck;
    if (deckFile() && deckFile().data === null && ["questions", "principles"].includes(S.tab)) S.tab = "deck";
    if (updated.length) {
      renderAll();
      const text = t("updatedFromDisk", { files: updated.join(", ") });
      $("#save-status").textContent = text;
      announce(text);
    }
    if (Object.keys(conflicts).length) conflict(conflicts);
    if (updated.length || info.assets) {
      schedulePreview({ now: true });
      scheduleCheck(0);
    }
  }

  function showError(e) {
    const text = t("failed", { error: translateMessage(e.message || String(e)) });
    $("#save-status").textContent = text;
    announce(text);
  }

  // ---------------------------------------------------------------- several questions at once

  let importColumns = null;
  function openPaste() {
    const dialog = $("#paste-dialog");
    $("#paste-text").value = "";
    $("#import-file").value = "";
    $("#import-choice").hidden = true;
    importColumns = null;
    $("#import-help").textContent = t("importHelp", { mb: number(S.limits.upload_bytes / 1048576) });
    countPasted();
    dialog.showModal();
    $("#paste-text").focus();
  }
  function pastedLines() {
    return $("#paste-text").value.split(/\r?\n/).map((line) => line.replace(/^\s*(?:[-•*–]|\d+[.)])\s+/, "").trim()).filter(Boolean);
  }
  function countPasted() {
    const n = pastedLines().length;
    $("#paste-count").textContent = t("pasteCount", { n });
    $("#paste-add").disabled = n === 0;
  }
  function fillFromColumn() {
    if (!importColumns) return;
    const column = importColumns[Number($("#import-column").value)] || [];
    const values = $("#import-header").checked ? column.slice(1) : column;
    $("#paste-text").value = values.filter((v) => v.trim()).join("\n");
    countPasted();
  }
  async function importFile() {
    const file = $("#import-file").files[0];
    if (!file) return;
    const note = $("#paste-count");
    if (file.size > S.limits.upload_bytes) {
      note.textContent = t("tooLarge", { mb: number(S.limits.upload_bytes / 1048576) });
      return;
    }
    note.textContent = t("reading");
    try {
      const res = await upload(`/api/import?name=${encodeURIComponent(file.name)}`, file);
      importColumns = res.columns;
      if (!importColumns.length) {
        note.textContent = t("importEmpty");
        return;
      }
      const sel = $("#import-column");
      sel.replaceChildren();
      importColumns.forEach((col, i) => sel.append(h("option", { value: String(i), text: t("importColumnN", { n: i + 1, first: (col[0] || "").slice(0, 40) }) })));
      // the column with the longest texts is most likely the questions
      let best = 0;
      importColumns.forEach((col, i) => {
        const avg = (c) => c.reduce((s, v) => s + v.length, 0) / Math.max(1, c.length);
        if (avg(col) > avg(importColumns[best])) best = i;
      });
      sel.value = String(best);
      $("#import-choice").hidden = false;
      fillFromColumn();
    } catch (e) {
      note.textContent = translateMessage(e.message);
    }
  }
  function addPasted() {
    const lines = pastedLines();
    if (!lines.length) return;
    const data = deckData();
    if (!Array.isArray(data.questions)) data.questions = [];
    const first = data.questions.length;
    for (const text of lines) {
      const q = { text };
      S.created.add(q);
      data.questions.push(q);
    }
    $("#paste-dialog").close();
    changed(S.deck, questionTarget(first));
    renderAll();
    const box = document.querySelector(`[data-fid="${CSS.escape(`${S.deck}|questions[${first}].text|input`)}"]`);
    if (box) box.focus();
    announce(t("pasted", { n: lines.length }));
  }

  // ---------------------------------------------------------------- the whole sheet

  let sheetPage = 1;
  let sheetPages = 1;
  async function showSheet(page) {
    const dialog = $("#sheet-dialog");
    if (!dialog.open) dialog.showModal();
    sheetPage = Math.max(1, page);
    const caption = $("#sheet-caption");
    caption.textContent = t("updating");
    try {
      const handout = S.target.handout;
      $("#sheet-title").textContent = t(handout ? "pagesTitle" : "sheetTitle");
      const res = await call("/api/sheet", payload({ page: sheetPage, handout }));
      const box = $("#sheet-pages");
      box.replaceChildren();
      if (!res.images) {
        caption.textContent = t("previewPaused");
        return;
      }
      sheetPage = res.page;
      sheetPages = res.pages;
      res.images.forEach((src, i) => {
        const n = res.page + i;
        box.append(h("figure", {}, h("img", { src, alt: t(i ? "altSheetBack" : "altSheetPage", { n, pages: res.pages }) }), h("figcaption", { text: t(i ? "sheetBack" : res.paired ? "sheetFront" : "pageOnly", { n }) })));
      });
      caption.textContent = res.images.length > 1
        ? t("sheetCaption", { first: res.page, last: res.page + res.images.length - 1, pages: res.pages })
        : t("pageOf", { page: res.page, pages: res.pages });
      $("#sheet-prev").disabled = sheetPage <= 1;
      $("#sheet-next").disabled = sheetPage + res.images.length > sheetPages;
      S.sheetStep = res.images.length;
    } catch (e) {
      caption.textContent = t("previewFailed", { error: translateMessage(e.message) });
    }
  }

  // ---------------------------------------------------------------- no pack yet

  function renderStart(state) {
    const start = $("#start");
    start.hidden = false;
    $("#layout").hidden = true;
    $("#save").hidden = true;
    start.replaceChildren();
    start.append(h("h1", { text: t("startTitle") }), h("p", { text: t("startHelp", { folder: state.cwd }) }));
    const nameId = nextId();
    const form = h("section", { class: "start-new", "aria-labelledby": "start-new-title" }, h("h2", { id: "start-new-title", text: t("startNew") }));
    const name = h("input", { id: nameId, type: "text", autocomplete: "off", "aria-describedby": `${nameId}-help ${nameId}-msg` });
    form.append(h("label", { for: nameId, text: t("startFolder") }), h("p", { class: "help", id: `${nameId}-help`, text: t("startFolderHelp") }), name);
    const langSet = h("fieldset", { class: "choices" }, h("legend", { text: t("startLang") }));
    for (const [v, label] of [["sv", "Svenska"], ["da", "Dansk"]]) {
      const id = nextId();
      const r = h("input", { type: "radio", name: "start-lang", id, value: v });
      r.checked = v === (lang === "da" ? "da" : "sv");
      langSet.append(h("div", { class: "choice" }, r, h("label", { for: id, class: "inline", lang: v, text: label })));
    }
    const baseSet = h("fieldset", { class: "choices" }, h("legend", { text: t("startBase") }));
    for (const v of ["mingel", "empty"]) {
      const id = nextId();
      const r = h("input", { type: "radio", name: "start-base", id, value: v });
      r.checked = v === "mingel";
      baseSet.append(h("div", { class: "choice" }, r, h("label", { for: id, class: "inline", text: t(`startBase_${v}`) })));
    }
    const msg = h("p", { class: "msg", id: `${nameId}-msg` });
    form.append(langSet, baseSet, msg, button(t("startCreate"), async () => {
      try {
        const body = { folder: name.value.trim(), lang: $('input[name="start-lang"]:checked').value, base: $('input[name="start-base"]:checked').value };
        const res = await call("/api/create", body);
        begin(res);
      } catch (e) {
        msg.textContent = translateMessage(e.message);
        name.focus();
      }
    }, { class: "primary", id: "start-create" }));
    start.append(form);
    const open = h("section", { class: "start-open", "aria-labelledby": "start-open-title" }, h("h2", { id: "start-open-title", text: t("startOpen") }));
    if (state.folders.length) {
      open.append(h("ul", {}, state.folders.map((f) => h("li", {}, button(t("startOpenFolder", { name: f.name === "." ? state.cwd : f.name }), async () => {
        try {
          begin(await call("/api/open", { folder: f.name }));
        } catch (e) {
          showError(e);
        }
      }), ` (${f.langs.join(", ")})`))));
    } else open.append(h("p", { text: t("startNoFolders") }));
    start.append(open);
    start.focus();
  }

  // ---------------------------------------------------------------- start

  function applyStatic() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    $("#page-lang").value = lang;
  }

  function begin(state) {
    if (!state.pack) {
      renderStart(state);
      return;
    }
    S.pack = state.pack;
    S.deck = state.deck;
    S.inherited = state.inherited || {};
    S.generation = state.generation;
    S.limits = state.limits || S.limits;
    S.files = {};
    for (const [rel, file] of Object.entries(state.files)) setFile(rel, file);
    try {
      const saved = JSON.parse(localStorage.getItem(`kort-print-${S.pack.root}`) || "null");
      if (saved) Object.assign(S.print, saved);
    } catch (e) {
      /* no saved choices */
    }
    $("#start").hidden = true;
    $("#layout").hidden = false;
    $("#save").hidden = false;
    S.target = firstQuestionTarget();
    if (deckFile() && deckFile().data === null) S.tab = "deck"; // its text, to mend
    renderAll();
    updateSaveState();
    schedulePreview({ now: true });
    scheduleCheck(0);
    watch();
  }

  async function boot() {
    lang = localStorage.getItem("kort-page-lang") || document.documentElement.lang || "en";
    const [strings, state] = await Promise.all([fetch("/static/i18n.json").then((r) => r.json()), call("/api/state")]);
    L = strings;
    if (!["sv", "da", "en"].includes(lang)) lang = "en";
    applyStatic();
    $("#page-lang").addEventListener("change", (ev) => {
      lang = ev.target.value;
      try {
        localStorage.setItem("kort-page-lang", lang);
      } catch (e) {
        /* remembered until the page closes */
      }
      applyStatic();
      if (S.pack) {
        renderAll();
        updateSaveState();
        schedulePreview({ now: true });
      }
    });
    $("#save").addEventListener("click", save);
    document.addEventListener("keydown", (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") {
        ev.preventDefault();
        save();
      }
    });
    window.addEventListener("beforeunload", (ev) => {
      if (anyDirty()) {
        ev.preventDefault();
        ev.returnValue = "";
      }
    });
    $("#show-sheet").addEventListener("click", () => showSheet(1));
    $("#sheet-prev").addEventListener("click", () => showSheet(sheetPage - 2 > 0 && S.sheetStep === 2 ? sheetPage - 2 : sheetPage - 1));
    $("#sheet-next").addEventListener("click", () => showSheet(sheetPage + (S.sheetStep || 1)));
    $("#sheet-close").addEventListener("click", () => $("#sheet-dialog").close());
    $("#sheet-dialog").addEventListener("close", () => $("#show-sheet").focus());
    $("#paste-text").addEventListener("input", countPasted);
    $("#paste-add").addEventListener("click", addPasted);
    $("#paste-cancel").addEventListener("click", () => $("#paste-dialog").close());
    $("#paste-dialog").addEventListener("close", () => {
      const opener = $("#paste-open");
      if (opener && document.activeElement === document.body) opener.focus();
    });
    $("#import-file").addEventListener("change", importFile);
    $("#import-column").addEventListener("change", fillFromColumn);
    $("#import-header").addEventListener("change", fillFromColumn);
    begin(state);
  }

  boot().catch((e) => {
    document.body.prepend(h("p", { class: "msg-block", role: "alert", text: `kort: ${e.message}` }));
  });
})();
