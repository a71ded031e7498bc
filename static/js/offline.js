/* Offline entry (docs/surveys.md, "Saisie hors ligne"): answers are kept in IndexedDB with a
   UUID made on the device, drafts are saved on every change, the number of answers waiting
   is always on screen, and the waiting answers are sent when the page is open and the network
   is there (load, "online" event, every 30 s; no Background Sync). The server answers per
   item: stored / already stored / refused with a French reason, kept here for correction.
   Every text comes from data-msg-* attributes rendered by the server in the page language. */
(function () {
  "use strict";
  var root = document.querySelector("[data-offline]");
  if (!root || !window.indexedDB) { return; }
  var surveyId = Number(root.getAttribute("data-survey"));
  var mode = root.getAttribute("data-mode");
  var version = root.getAttribute("data-version");
  var form = root.querySelector("form[data-offline-form]");
  var tokenKey = "device:" + surveyId;
  var draftKey = "draft:" + surveyId + ":" + mode;
  var parkedKey = "parked:" + surveyId + ":" + mode;
  var RETRY_MS = 30000;
  var BATCH = 100;
  var syncing = false;

  function msg(name, values) {
    var text = root.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }
  /* Plural forms rendered by the server for 0, 1 and many (ngettext, so French and English
     each get their own rule for 0). */
  function plural(name, n) {
    return msg(name + "-" + (n === 0 ? "0" : n === 1 ? "1" : "n"), {n: n});
  }
  function show(selector, text) { root.querySelector(selector).textContent = text; }

  /* ---- IndexedDB: "items" (answers, key uuid), "meta" (device token, drafts) ---- */
  var dbPromise = new Promise(function (resolve, reject) {
    var request = indexedDB.open("pdq-offline", 1);
    request.onupgradeneeded = function () {
      var db = request.result;
      var items = db.createObjectStore("items", {keyPath: "uuid"});
      items.createIndex("survey", "survey_id");
      db.createObjectStore("meta", {keyPath: "key"});
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function store(name, write, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, write ? "readwrite" : "readonly");
        var result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function get(name, key) { return store(name, false, function (s) { return s.get(key); }); }
  function put(name, value) { return store(name, true, function (s) { s.put(value); }); }
  function del(name, key) { return store(name, true, function (s) { s.delete(key); }); }
  function items() {
    return store("items", false, function (s) { return s.index("survey").getAll(surveyId); });
  }

  /* ---- the form as name/value pairs, exactly what the online form would post ---- */
  function pairs() {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "shown") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.type === "submit" || el.type === "button") { return; }
      if (el.closest("[hidden]")) { return; }
      out.push([el.name, el.value]);
    });
    return out;
  }

  function fill(fields) {
    var values = {};
    fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "shown" || el.type === "submit") { return; }
      var given = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = given.indexOf(el.value) >= 0;
      } else {
        el.value = given.length ? given[0] : "";
      }
    });
    form.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function resetForm() {
    var sticky = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-sticky]"), function (el) {
      sticky[el.name] = el.value;
    });
    var number = form.querySelector("[data-next-number]");
    var next = number && /^\d+$/.test(number.value) ? String(Number(number.value) + 1) : "";
    form.reset();
    Object.keys(sticky).forEach(function (name) { form.elements[name].value = sticky[name]; });
    if (number) { number.value = next; }
    form.dispatchEvent(new Event("change", {bubbles: true}));
  }

  /* ---- counts and the refused list, always on screen ---- */
  function refresh() {
    return items().then(function (all) {
      var waiting = all.filter(function (i) { return i.status !== "sent"; });
      var refused = waiting.filter(function (i) { return i.status === "refused"; });
      var n = waiting.length;
      var text = n === 0 ? msg("none") : plural("waiting", n);
      if (refused.length) {
        text = text.replace(/\.$/, "") + " " + plural("refused", refused.length) + ".";
      }
      show("[data-pending]", text);
      root.setAttribute("data-waiting", String(n));
      renderRefused(refused);
      return all;
    });
  }

  /* Which answer a refusal is about: sheet number or mode, place, time of collection and
     its first answer, e.g. "Feuille n° 2 · École · 10/06/2026 14:32 · « Un banc »". */
  function describe(item) {
    var values = {};
    (item.fields || []).forEach(function (p) {
      if (!(p[0] in values) && String(p[1]).trim()) { values[p[0]] = String(p[1]).trim(); }
    });
    var first = (item.fields || []).filter(function (p) {
      return /^q\d+$/.test(p[0]) && String(p[1]).trim();
    })[0];
    var parts = [values.sheet ? msg("sheet", {n: values.sheet}) : msg("mode-" + item.mode)];
    if (values.batch_label) { parts.push(values.batch_label); }
    if (values.place) { parts.push(values.place); }
    if (item.collected_at) {
      parts.push(new Date(item.collected_at).toLocaleString(document.documentElement.lang,
        {dateStyle: "short", timeStyle: "short"}));
    }
    if (first) { parts.push(msg("first", {answer: answerText(first)})); }
    return parts.join(" · ");
  }

  /* A choice answer shows its label when this page has it, else the value typed. */
  function answerText(pair) {
    var option = form.querySelector("[name='" + pair[0] + "'][value='" +
      String(pair[1]).replace(/'/g, "\\'") + "']");
    var label = option && option.id && form.querySelector("label[for='" + option.id + "']");
    var text = label ? label.textContent.trim() : String(pair[1]);
    return text.length > 60 ? text.slice(0, 59) + "…" : text;
  }

  function renderRefused(refused) {
    var list = root.querySelector("[data-refused]");
    list.textContent = "";
    refused.forEach(function (item) {
      var li = document.createElement("li");
      var who = document.createElement("p");
      who.className = "refused-item";
      who.textContent = describe(item);
      li.appendChild(who);
      var p = document.createElement("p");
      p.textContent = item.message + " " + (item.errors || []).join(" ; ");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = msg("fix");
      button.addEventListener("click", function () { correct(item); });
      li.appendChild(p);
      li.appendChild(button);
      list.appendChild(li);
    });
    root.querySelector("[data-refused-section]").hidden = refused.length === 0;
  }

  /* Draft writes, corrections and saves run one after the other (never a stale draft
     written after its answer was saved); draftUuid is the UUID a corrected answer keeps.
     entryUuid is the UUID of the new answer in the form, made when the form starts being
     filled (not when it is saved): a second save of the same form carries the same UUID,
     so the device keeps one item and the server (OfflineReceipt, unique UUID) stores it
     once (tester: a double tap on "Enregistrer" made two items 1 ms apart). saving is true
     from the press of "Enregistrer" until the item is stored and the form cleared. */
  var queue = Promise.resolve();
  var draftUuid = null;
  var entryUuid = null;
  var saving = false;
  /* true from the clearing of a saved form until the person types or ticks again: a
     press then (the second tap of a double tap landing after the save) does nothing. */
  var cleared = false;
  function serial(work) {
    queue = queue.then(work).catch(function () { return null; });
    return queue;
  }

  /* A refused answer goes back into the form with its UUID; it stays stored in "items"
     (counted, exported, shown as refused) until it is saved again under the same UUID.
     What the form held is never dropped: a correction in progress is written back into its
     stored answer, a new unsaved answer is parked and comes back once the correction is saved. */
  function keepFormContent() {
    var fields = pairs();
    if (draftUuid) {
      return get("items", draftUuid).then(function (held) {
        if (!held) { return null; }
        held.fields = fields;
        return put("items", held);
      });
    }
    var parked = {key: parkedKey, fields: fields, entry: entryUuid};
    entryUuid = null;
    return put("meta", parked);
  }

  function correct(item) {
    if (item.mode !== mode || saving) { return; }
    serial(function () {
      return keepFormContent().then(function () {
        return get("items", item.uuid);
      }).then(function (held) {
        draftUuid = item.uuid;
        item = held || item;
        return put("meta", {key: draftKey, fields: item.fields, uuid: item.uuid});
      });
    }).then(function () {
      cleared = false;
      fill(item.fields);
      show("[data-message]", msg("fixing"));
      return refresh();
    });
  }

  /* After a correction is saved, the new answer parked by "Corriger" returns to the form. */
  function restoreParked(wasCorrection) {
    if (!wasCorrection) { return Promise.resolve(); }
    return get("meta", parkedKey).then(function (parked) {
      if (!parked) { return null; }
      entryUuid = parked.entry || null;
      cleared = false;
      fill(parked.fields);
      return del("meta", parkedKey).then(function () {
        return put("meta", {key: draftKey, fields: parked.fields, uuid: null,
                            entry: entryUuid});
      });
    });
  }

  /* ---- drafts: saved on every change, restored on load ---- */
  function saveDraft(event) {
    if (event && event.isTrusted) { cleared = false; }
    var fields = pairs();
    if (!draftUuid && !entryUuid) { entryUuid = crypto.randomUUID(); }
    var draft = {key: draftKey, fields: fields, uuid: draftUuid, entry: entryUuid};
    root.setAttribute("data-draft", "saving");
    serial(function () {
      return put("meta", draft);
    }).then(function () { root.setAttribute("data-draft", "saved"); });
  }

  /* A whole-number question (Question.whole_number: an age, people in the household)
     holding a decimal, in a box that counts (shown, and applicable on a paper sheet): the
     server's refusal (answering._read_number, named as sync._error_lines names it), or null.
     "12", "-3", "12,0" pass, as float("12.0").is_integer() does on the server; what is no
     number at all is left to the server's own message. */
  function notWhole() {
    var boxes = form.querySelectorAll("[data-whole-number]");
    for (var i = 0; i < boxes.length; i += 1) {
      var el = boxes[i];
      var raw = el.value.trim();
      if (!raw || el.disabled || el.closest("[hidden], .not-applicable")) { continue; }
      var number = Number(raw.replace(",", "."));
      if (isFinite(number) && !Number.isInteger(number)) {
        return ["« " + el.getAttribute("data-label") + " » : " + msg("whole"), el.name];
      }
    }
    return null;
  }

  /* What the server refuses for this mode, checked before saving (participation/surveys/
     sync.py: _batch for paper; _store_interview: the place, and form_pages.read_submission's
     "no answer at all"; street.check_street: the place, then at least one answer; a
     decimal in a whole-number box, notWhole), with the server's French message (the same
     msgid rendered in data-msg-*): returns [message, field name to focus] or null. */
  function missing(fields) {
    function filled(name) {
      return fields.some(function (p) { return p[0] === name && p[1].trim(); });
    }
    var answered = fields.some(function (p) { return /^q\d+$/.test(p[0]) && p[1].trim(); });
    var decimal = mode === "micro_trottoir" ? null : notWhole();
    if (decimal) { return decimal; }
    if (mode === "papier") {
      if (!filled("batch_label")) { return [msg("batch"), "batch_label"]; }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value("collected_on"))) {
        return [msg("batch"), "collected_on"];
      }
      return null;
    }
    var street = mode === "micro_trottoir";
    if (!filled("place")) { return [msg(street ? "street-place" : "place"), "place"]; }
    if (answered) { return null; }
    return [msg(street ? "street-empty" : "empty"), firstQuestion()];
  }

  /* The name of the first question box the person can answer (the one to focus). */
  function firstQuestion() {
    var boxes = form.querySelectorAll("[name^='q']");
    for (var i = 0; i < boxes.length; i += 1) {
      if (/^q\d+$/.test(boxes[i].name) && !boxes[i].disabled && !boxes[i].closest("[hidden]")) {
        return boxes[i].name;
      }
    }
    return "place";
  }

  /* The refusal in the bar and under the field ("<p class=error>", named by the field's
     aria-describedby), the field focused; cleared at the next save. */
  function refuseOnDevice(lack) {
    clearFieldErrors();
    show("[data-message]", lack[0]);
    var named = form.elements[lack[1]];
    var el = named && named.length !== undefined && !named.tagName ? named[0] : named;
    if (!el) { return; }
    var note = document.createElement("p");
    note.className = "error";
    note.id = "device-error-" + lack[1];
    note.setAttribute("data-device-error", "");
    note.textContent = lack[0];
    var box = el.closest(".field, fieldset") || el.parentNode;
    var head = box.querySelector(":scope > label, :scope > legend");
    if (head) { head.after(note); } else { box.prepend(note); }
    var before = el.getAttribute("aria-describedby") || "";
    el.setAttribute("data-describedby-before", before);
    el.setAttribute("aria-describedby", (before ? before + " " : "") + note.id);
    el.setAttribute("aria-invalid", "true");
    el.focus();
  }
  function clearFieldErrors() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-describedby-before]"),
      function (el) {
        var before = el.getAttribute("data-describedby-before");
        if (before) { el.setAttribute("aria-describedby", before); } else {
          el.removeAttribute("aria-describedby");
        }
        el.removeAttribute("data-describedby-before");
        el.removeAttribute("aria-invalid");
      });
    Array.prototype.forEach.call(form.querySelectorAll("[data-device-error]"), function (p) {
      p.remove();
    });
  }
  function value(name) { return (form.elements[name] && form.elements[name].value) || ""; }

  /* One item per answer, whatever the number of presses: the UUID is the form's
     (entryUuid, or draftUuid for a correction). A new answer whose UUID is already held
     with the same fields is the same save again: nothing is added. Held with other fields,
     or already sent (a second tab restored the same draft), it is another answer: it gets
     a UUID of its own, so neither overwrites the other. A correction (correcting) replaces
     its refused item and keeps its time. Resolves true once the item is in the store. */
  function storeItem(uuid, fields, collectedAt, correcting) {
    return get("items", uuid).then(function (held) {
      if (held && !correcting) {
        if (held.status !== "sent" && JSON.stringify(held.fields) === JSON.stringify(fields)) {
          return true;
        }
        uuid = crypto.randomUUID();
        held = null;
      }
      return put("items", {
        uuid: uuid, survey_id: surveyId, mode: mode, survey_version: version,
        collected_at: held && held.collected_at || collectedAt, fields: fields,
        status: "pending"}).then(function () { return del("meta", draftKey); })
        .then(function () { return true; });
    });
  }

  /* The button is disabled (and further presses, Enter included, ignored) while saving. */
  function setSaving(on) {
    saving = on;
    var button = form.querySelector("button[type='submit']");
    button.disabled = on;
    button.setAttribute("aria-busy", on ? "true" : "false");
    root.setAttribute("data-saving", on ? "1" : "0");
  }

  /* "Enregistrer sur l'appareil": checked as the server will check it (missing), stored
     atomically (storeItem), and only then the form is cleared for the next person; a
     failed write keeps the form as typed with a message. */
  function record(event) {
    event.preventDefault();
    if (saving || cleared) { return; }
    var fields = pairs();
    var lack = missing(fields);
    if (lack) { return refuseOnDevice(lack); }
    clearFieldErrors();
    setSaving(true);
    var wasCorrection = Boolean(draftUuid);
    var uuid = draftUuid || entryUuid || crypto.randomUUID();
    var collectedAt = new Date().toISOString();
    serial(function () {
      return storeItem(uuid, fields, collectedAt, wasCorrection);
    }).then(function (ok) {
      if (!ok) { show("[data-message]", msg("not-saved")); return null; }
      draftUuid = null;
      entryUuid = null;
      resetForm();
      cleared = true;
      return restoreParked(wasCorrection).then(function () {
        show("[data-message]", msg("saved"));
      });
    }).then(refresh).then(function () {
      setSaving(false);
      if (navigator.onLine) { sync(); }
    }, function () { setSaving(false); });
  }

  /* ---- sync with the device token (no cookie, no CSRF) ---- */
  function applyResults(byUuid, result) {
    return Promise.all(result.items.map(function (outcome) {
      var item = byUuid[outcome.uuid];
      if (!item) { return null; }
      if (outcome.status === "refused") {
        item.status = "refused";
        item.message = outcome.message;
        item.errors = outcome.errors.concat(outcome.removed.length ?
          [msg("removed") + " " + outcome.removed.join(", ")] : []);
      } else {
        item = {uuid: item.uuid, survey_id: surveyId, mode: item.mode, status: "sent",
                sent_at: new Date().toISOString(), removed: outcome.removed};
      }
      return put("items", item);
    }));
  }

  function sendChunk(token, chunk) {
    var byUuid = {};
    chunk.forEach(function (item) { byUuid[item.uuid] = item; });
    return fetch(root.getAttribute("data-sync-url"), {
      method: "POST", credentials: "omit", cache: "no-store",
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token},
      body: JSON.stringify({items: chunk.map(exportable)})
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.status === 401 || response.status === 403) {
          throw {refused: body.error || String(response.status), device: true};
        }
        if (!response.ok) { throw {refused: body.error || String(response.status)}; }
        return applyResults(byUuid, body).then(function () { return body; });
      });
    });
  }

  /* The answers in the order they were entered (the store lists them by UUID, a random
     order): the server stores them in this order too, so response numbers follow it. */
  function entered(list) {
    return list.slice().sort(function (a, b) {
      return String(a.collected_at || "").localeCompare(String(b.collected_at || ""));
    });
  }

  function exportable(item) {
    return {uuid: item.uuid, mode: item.mode, survey_version: item.survey_version,
            collected_at: item.collected_at, fields: item.fields};
  }

  /* "Envoyer maintenant": says so when nothing is waiting, instead of the last result. */
  function syncNow() {
    return items().then(function (all) {
      var pending = all.filter(function (i) { return i.status === "pending"; });
      if (!pending.length) {
        show("[data-message]", msg(all.some(function (i) { return i.status === "refused"; }) ?
          "nothing-refused" : "nothing"));
        return null;
      }
      return sync();
    });
  }

  function sync() {
    if (syncing) { return Promise.resolve(); }
    syncing = true;
    var totals = {stored: 0, already: 0, refused: 0};
    var removed = [];
    return Promise.all([get("meta", tokenKey), items()]).then(function (found) {
      var device = found[0];
      var pending = entered(found[1].filter(function (i) { return i.status === "pending"; }));
      if (!pending.length) { return null; }
      if (!device) { show("[data-message]", msg("no-device")); return null; }
      var chain = Promise.resolve();
      for (var i = 0; i < pending.length; i += BATCH) {
        (function (chunk) {
          chain = chain.then(function () { return sendChunk(device.token, chunk); })
            .then(function (body) {
              totals.stored += body.stored; totals.already += body.already;
              totals.refused += body.refused;
              body.items.forEach(function (outcome) {
                outcome.removed.forEach(function (label) {
                  if (outcome.status !== "refused" && removed.indexOf(label) < 0) {
                    removed.push(label);
                  }
                });
              });
            });
        }(pending.slice(i, i + BATCH)));
      }
      return chain.then(function () {
        show("[data-message]", msg("result", {
          stored: plural("stored", totals.stored), already: plural("already", totals.already),
          refusals: plural("refusals", totals.refused)}) + (removed.length ?
          " " + msg("removed") + " " + removed.join(", ") : ""));
      });
    }).catch(function (error) {
      if (error && error.device) { return deviceRefused(error.refused); }
      show("[data-message]", error && error.refused ? error.refused : msg("network"));
    }).then(function () {
      syncing = false;
      return refresh();
    });
  }

  /* ---- export the waiting answers to a file ---- */
  function exportFile() {
    items().then(function (all) {
      var waiting = all.filter(function (i) { return i.status !== "sent"; });
      var blob = new Blob([JSON.stringify({
        format: "pdq-offline/1", survey_id: surveyId, exported_at: new Date().toISOString(),
        items: entered(waiting).map(exportable)}, null, 1)], {type: "application/json"});
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "reponses-questionnaire-" + surveyId + "-" +
        new Date().toISOString().slice(0, 10) + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      show("[data-message]", msg("exported"));
    });
  }

  /* ---- device token: arrives once in the URL fragment after activation ---- */
  function readActivation() {
    var hash = new URLSearchParams(location.hash.slice(1));
    if (!hash.get("appareil")) { return Promise.resolve(); }
    history.replaceState(null, "", location.pathname + location.search);
    return put("meta", {key: tokenKey, token: hash.get("appareil"), label: hash.get("nom")});
  }

  /* The server refused the key (revoked, unknown, other survey): the bar shows only that. */
  function deviceRefused(reason) {
    return get("meta", tokenKey).then(function (device) {
      if (!device) { return null; }
      device.refused = reason;
      return put("meta", device);
    }).then(function () {
      show("[data-message]", "");
      return showDevice();
    });
  }

  /* The device is named by the label the facilitator gave it, never by its database id. */
  function showDevice() {
    return get("meta", tokenKey).then(function (device) {
      var text = !device ? msg("no-device") : device.refused ||
        msg("device", {label: device.label || "?"});
      show("[data-device]", text);
      root.setAttribute("data-device-state", !device ? "none" : device.refused ? "refused" : "ok");
      if (!device || device.refused) { root.querySelector("[data-bar-details]").open = true; }
      root.querySelector("[data-activate]").hidden =
        Boolean(device && !device.refused) || !navigator.onLine;
    });
  }

  function showNetwork() {
    show("[data-network]", navigator.onLine ? msg("online") : msg("offline"));
    root.setAttribute("data-online", navigator.onLine ? "1" : "0");
  }

  /* data-version-checked="1" once the check is over, whatever its outcome. */
  function checkVersion() {
    var done = function () { root.setAttribute("data-version-checked", "1"); };
    if (!navigator.onLine) { done(); return; }
    fetch(root.getAttribute("data-definition-url"), {cache: "no-store"}).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (definition) {
      if (definition && definition.survey.version !== version) {
        show("[data-message]", msg("new-version"));
      }
    }).catch(function () { return null; }).then(done);
  }

  function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(root.getAttribute("data-worker-url"),
                                       {scope: root.getAttribute("data-scope")})
        .catch(function () { return null; });
    }
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().then(function (granted) {
        root.setAttribute("data-persisted", granted ? "1" : "0");
      });
    }
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    form.addEventListener("submit", record);
    root.querySelector("[data-sync]").addEventListener("click", syncNow);
    root.querySelector("[data-export]").addEventListener("click", exportFile);
    window.addEventListener("online", function () { showNetwork(); showDevice(); sync(); });
    window.addEventListener("offline", showNetwork);
    setInterval(function () { if (navigator.onLine) { sync(); } }, RETRY_MS);
    showNetwork();
    return readActivation().then(showDevice).then(function () {
      return get("meta", draftKey);
    }).then(function (draft) {
      if (draft && draft.fields) {
        draftUuid = draft.uuid || null;
        entryUuid = draft.entry || null;
        fill(draft.fields);
      }
      return refresh();
    }).then(function () {
      root.setAttribute("data-ready", "1");
      checkVersion();
      if (navigator.onLine) { return sync(); }
      return null;
    });
  }

  /* After every deferred script (the conditions script must hear the restored draft). */
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
}());
