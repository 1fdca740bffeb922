// Autosave for the questionnaire: each question (fieldset) is saved on its own when it changes.
// The page's plain Save button works without this script; with it, nothing waits for that button.
// The status line only ever says what the server reports as stored. Without a connection an answer is
// kept in this browser (IndexedDB, through offline.js) with the version it was based on, said to be kept
// here, never saved; it is sent when the connection returns or the page is opened again, under the same
// conflict rule as any save. Without IndexedDB (or offline.js) a failed save says so, as before.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form || form.dataset.autosave !== "on") return;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};
  // One save at a time per question: a change made while its save is on the way (arrow keys through
  // a radio group, a slow network) is sent after the answer comes back with the new version token,
  // otherwise the member's own earlier save would come back as a conflict.
  var busy = {};
  var again = {};
  // A question whose save collided with another member's newer answer: its autosave pauses, so that
  // neither a queued save nor the next keystroke overwrites the other answer before the member decides.
  // The other side's token waits here until the member presses "keep mine"; reloading the page shows theirs.
  var conflicted = {};
  // Questions whose last save was refused (invalid input) or did not reach the server.
  var unsaved = {};
  // Answers held only by this browser, waiting for the connection: code -> true.
  var queued = {};
  var offline = window.RongmeiOffline ? window.RongmeiOffline : null;
  var page = window.location.pathname;
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var text = {
    pending: zh ? "有改动，即将保存…" : "Changed; saving shortly…",
    saving: zh ? "正在保存…" : "Saving…",
    saved: zh ? "已自动保存 " : "Saved at ",
    paused: zh ? "此题的自动保存已暂停。" : "Autosave of this question is paused.",
    keep: zh ? "以我的填写为准保存" : "Save my answer instead",
    failed: zh ? "未保存：" : "Not saved: ",
    differs: zh ? "未保存：服务器保存的内容与页面上的填写不一致，请刷新页面查看。" : "Not saved: what the server stored differs from this page; please reload.",
    offline: zh ? "网络异常，未保存。您的填写仍在页面上，请稍后点“保存”。" : "Network error: not saved. Your input is still here; press Save later.",
    local: zh ? function (n) { return "已保存在本机，联网后同步（" + n + " 条）"; } : function (n) { return "Kept on this device; sent when the connection returns (" + n + ")"; },
    elsewhere: zh ? "本机还有其他页面的答案待同步，打开该页即同步：" : "Answers of other pages are kept on this device; open the page to send them: ",
    count: zh ? function (n, max) { return "已填 " + n + " / " + max + " 字"; } : function (n, max) { return n + " / " + max + " characters"; }
  };
  var VALUE_FIELDS = ["level", "number", "boolean"];

  function field(fieldset, name) {
    return fieldset.querySelectorAll("[name='" + fieldset.dataset.code + "-" + name + "']");
  }

  function status(fieldset, message, kind) {
    var el = fieldset.querySelector(".save-status");
    el.textContent = message;
    el.className = "save-status small mb-0 " + (kind === "error" ? "text-danger" : kind === "warning" ? "text-warning-emphasis" : "text-body-secondary");
  }

  // While "not applicable" is ticked the answer's value does not count and is not stored: its inputs
  // are disabled (and left out of the save) so that nothing suggests it was.
  function applyNotApplicable(fieldset) {
    var box = field(fieldset, "not_applicable")[0];
    var na = !!(box && box.checked);
    VALUE_FIELDS.forEach(function (name) {
      field(fieldset, name).forEach(function (el) { el.disabled = na; });
    });
  }

  // The characters the server counts (a browser sends a new line as two).
  function length(value) { return Array.from(value.replace(/\r?\n/g, "\r\n")).length; }

  function updateCount(el) {
    var counter = el.parentNode.querySelector(".char-count");
    if (!counter) return;
    var max = parseInt(counter.dataset.max, 10);
    var n = length(el.value);
    counter.textContent = text.count(n, max);
    counter.classList.toggle("text-danger", n > max);
  }

  function clearErrors(fieldset) {
    fieldset.querySelectorAll(".autosave-error").forEach(function (el) { el.remove(); });
    fieldset.querySelectorAll(".is-invalid").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("aria-invalid");
    });
  }

  // A refused value's message stands at its own field, outlined, as after a plain save.
  function showErrors(fieldset, errors) {
    Object.keys(errors).forEach(function (name) {
      var inputs = field(fieldset, name);
      if (!inputs.length) return;
      var last = inputs[inputs.length - 1];
      inputs.forEach(function (el) {
        el.classList.add("is-invalid");
        el.setAttribute("aria-invalid", "true");
      });
      var details = last.closest("details");
      if (details) details.open = true;
      var message = document.createElement("div");
      message.className = "invalid-feedback d-block autosave-error";
      message.id = last.id + "_autosave_error";
      message.textContent = errors[name].join(" ");
      var anchor = inputs.length > 1 ? last.closest("fieldset") : last;
      (anchor.closest(".form-check") || anchor).after(message);
      inputs.forEach(function (el) { el.setAttribute("aria-describedby", message.id); });
    });
  }

  function keepButton(fieldset, code) {
    if (fieldset.querySelector(".keep-mine")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "keep-mine btn btn-sm btn-outline-secondary mt-2";
    button.textContent = text.keep;
    button.addEventListener("click", function () {
      fieldset.querySelector("input[name='" + code + "-loaded']").value = conflicted[code];
      delete conflicted[code];
      button.remove();
      save(fieldset);
    });
    fieldset.querySelector(".save-status").after(button);
  }

  function checkedValue(fieldset, name) {
    var value = "";
    field(fieldset, name).forEach(function (el) { if (el.checked) value = el.value; });
    return value;
  }

  function same(typed, stored) { return typed.trim().replace(/\r\n/g, "\n") === stored.replace(/\r\n/g, "\n"); }

  // Whether what the server stored is what the page shows, field by field, as the server normalises it.
  function matches(fieldset, stored) {
    var box = field(fieldset, "not_applicable")[0];
    var na = !!(box && box.checked);
    if (na !== !!stored.not_applicable) return false;
    if (na) {
      if (!same(field(fieldset, "na_reason")[0].value, stored.na_reason)) return false;
    } else {
      var level = field(fieldset, "level");
      if (level.length && checkedValue(fieldset, "level") !== (stored.level === null ? "" : String(stored.level))) return false;
      var number = field(fieldset, "number")[0];
      if (number) {
        var typed = number.value.trim();
        if (typed === "" ? stored.number !== null : stored.number === null || Number(typed) !== Number(stored.number)) return false;
      }
      var yesNo = field(fieldset, "boolean");
      if (yesNo.length && checkedValue(fieldset, "boolean") !== (stored.boolean === null ? "" : stored.boolean ? "yes" : "no")) return false;
    }
    if (!same(field(fieldset, "evidence_note")[0].value, stored.evidence_note)) return false;
    var url = field(fieldset, "evidence_url")[0].value.trim();
    return url === stored.evidence_url || "https://" + url === stored.evidence_url;
  }

  function showProgress(progress) {
    var rows = [{code: "all", answered: progress.answered, total: progress.total}].concat(progress.pillars);
    rows.forEach(function (p) {
      var bar = document.getElementById("progress-" + p.code);
      var count = document.querySelector("[data-progress-count='" + p.code + "']");
      if (bar) { bar.max = p.total; bar.value = p.answered; bar.textContent = Math.round(100 * p.answered / p.total) + "%"; }
      if (count) count.textContent = p.answered + " / " + p.total;
    });
  }

  function showStored(fieldset, code, body) {
    var mark = fieldset.querySelector(".unanswered-mark");
    if (mark && body.answered && code in body.answered) mark.hidden = body.answered[code];
    var check = fieldset.querySelector(".number-check");
    if (check && body.checks && code in body.checks) {
      check.textContent = body.checks[code];
      check.hidden = !body.checks[code];
    }
    var measure = fieldset.querySelector(".number-measure");
    if (measure && body.measures && code in body.measures) measure.textContent = body.measures[code];
    // A carried answer a member has changed is no longer waiting to be confirmed (the server cleared it).
    var carried = fieldset.querySelector(".carried-mark");
    if (carried && body.carried && code in body.carried && !body.carried[code]) {
      carried.remove();
      if (!document.querySelector(".carried-mark")) {
        document.querySelectorAll(".carried-summary").forEach(function (el) { el.hidden = true; });
      }
    }
    if (body.progress) showProgress(body.progress);
  }

  // What the question sends: [name, value] pairs, its version token (<code>-loaded) among them.
  function pairsOf(fieldset) {
    var pairs = [];
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      pairs.push([el.name, el.value]);
    });
    return pairs;
  }

  // Puts a kept answer back into its question (the page may be an older copy, or fresh from the server).
  function restore(fieldset, pairs) {
    var values = {};
    pairs.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name) return;
      var value = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = value.indexOf(el.value) !== -1;
      else if (el.type !== "hidden" || value.length) el.value = value.length ? value[0] : "";
    });
    applyNotApplicable(fieldset);
    fieldset.querySelectorAll("textarea, input[type=text]").forEach(updateCount);
    if (field(fieldset, "not_applicable")[0] && field(fieldset, "not_applicable")[0].checked) {
      var details = fieldset.querySelector("details");
      if (details) details.open = true;
    }
  }

  function fieldsetOf(code) {
    return form.querySelector("fieldset.question[data-code='" + code + "']");
  }

  // Every question of this page held only here says so, with the member's count of such answers.
  function showQueued() {
    if (!offline) return Promise.resolve();
    return offline.queue.list().then(function (entries) {
      Object.keys(queued).forEach(function (code) {
        if (!conflicted[code]) status(fieldsetOf(code), text.local(entries.length), "warning");
      });
      var others = {};
      entries.forEach(function (e) { if (e.page !== page) others[e.page] = (others[e.page] || 0) + 1; });
      var note = form.querySelector(".offline-elsewhere");
      if (!note) {
        note = document.createElement("p");
        note.className = "offline-elsewhere small text-warning-emphasis mb-2";
        note.setAttribute("role", "status");
        form.prepend(note);
      }
      note.textContent = "";
      note.hidden = !Object.keys(others).length;
      if (note.hidden) return;
      note.append(text.elsewhere);
      Object.keys(others).forEach(function (path, i) {
        var link = document.createElement("a");
        link.href = path;
        link.textContent = path.replace(/\/$/, "").split("/").pop() + "（" + others[path] + "）";
        if (i) note.append("、");
        note.append(link);
      });
    }).catch(function () {});
  }

  // No connection: the answer stays in this browser, with the version it was based on.
  function keepHere(fieldset, code, pairs) {
    var based = fieldset.querySelector("input[name='" + code + "-loaded']").value;
    return offline.queue.put({page: page, code: code, pairs: pairs, based_on: based, at: Date.now()}).then(function () {
      queued[code] = true;
      delete unsaved[code];
      return showQueued();
    }, function () {
      unsaved[code] = true;
      status(fieldset, text.offline, "error");
    });
  }

  // The server has answered about a kept answer (stored, refused or in conflict): this browser lets it go.
  function released(code) {
    if (!queued[code]) return Promise.resolve();
    delete queued[code];
    return offline.queue.remove(page, code).then(showQueued, function () {});
  }

  var refresh = null;
  // After saves, the service worker's copy of this page is taken again, so that offline it shows them.
  function refreshCopy() {
    if (!offline) return;
    clearTimeout(refresh);
    refresh = setTimeout(function () { offline.keepPage([window.location.href]); }, 1500);
  }

  function save(fieldset) {
    var code = fieldset.dataset.code;
    if (conflicted[code]) return Promise.resolve();
    if (busy[code]) { again[code] = true; return Promise.resolve(); }
    busy[code] = true;
    delete timers[code];
    var pairs = pairsOf(fieldset);
    if (offline && navigator.onLine === false) {
      return keepHere(fieldset, code, pairs).then(function () { busy[code] = false; if (again[code]) { again[code] = false; return save(fieldset); } });
    }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    pairs.forEach(function (p) { data.append(p[0], p[1]); });
    status(fieldset, text.saving);
    return fetch(window.location.pathname, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrf}
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (r) {
      var body = r.body;
      var wasQueued = released(code);
      var conflict = r.ok && body.conflicts && body.conflicts[code];
      if (conflict) {
        conflicted[code] = body.tokens[code];
        again[code] = false;
      } else if (body.tokens && body.tokens[code]) {
        fieldset.querySelector("input[name='" + code + "-loaded']").value = body.tokens[code];
      }
      clearErrors(fieldset);
      if (!r.ok) {
        unsaved[code] = true;
        var messages = (body.page_errors || []).slice();
        var errors = (body.errors || {})[code] || {};
        Object.keys(errors).forEach(function (name) { messages = messages.concat(errors[name]); });
        showErrors(fieldset, errors);
        status(fieldset, text.failed + messages.join(" "), "error");
        return wasQueued;
      }
      refreshCopy();
      showStored(fieldset, code, body);
      if (conflict) {
        status(fieldset, conflict + " " + text.paused, "warning");
        keepButton(fieldset, code);
      } else if (again[code]) {
        return;  // changed again meanwhile: the next save reports
      } else if (body.stored && body.stored[code] && !matches(fieldset, body.stored[code])) {
        unsaved[code] = true;
        status(fieldset, text.differs, "error");
      } else {
        delete unsaved[code];
        status(fieldset, text.saved + new Date().toLocaleTimeString(zh ? "zh-CN" : undefined));
      }
      return wasQueued;
    }).catch(function () {
      // No answer from the server (no connection, a gateway's error page): kept here when possible.
      if (offline) return keepHere(fieldset, code, pairs);
      unsaved[code] = true;
      status(fieldset, text.offline, "error");
    }).then(function () {
      busy[code] = false;
      if (again[code]) { again[code] = false; return save(fieldset); }
    });
  }

  var syncing = null;
  // Sends this page's kept answers, one after the other in the order they were made; stops at the first
  // that cannot reach the server (it stays kept). Each goes through save(): conflicts show as online.
  function sync() {
    if (!offline || syncing || navigator.onLine === false) return;
    syncing = offline.queue.list().then(function (entries) {
      return entries.filter(function (e) { return e.page === page; }).reduce(function (previous, entry) {
        return previous.then(function (going) {
          var fieldset = fieldsetOf(entry.code);
          if (!going || !fieldset || !queued[entry.code]) return going;
          return save(fieldset).then(function () { return !queued[entry.code]; });
        });
      }, Promise.resolve(true));
    }).catch(function () {}).then(function () { syncing = null; });
  }

  function schedule(event) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset) return;
    var code = fieldset.dataset.code;
    if (event.target.name === code + "-not_applicable") applyNotApplicable(fieldset);
    // From the change on, the line no longer claims the earlier save: it says a save is coming.
    if (!conflicted[code]) status(fieldset, text.pending);
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { save(fieldset); }, event.type === "input" ? 800 : 0);
  }

  // Whether a question differs from what the server rendered: a member on a slow phone may tap or type
  // before this script has loaded, and no event of that change ever reaches it.
  function changedBeforeStart(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, textarea, select"), function (el) {
      if (!el.name || el.type === "hidden") return false;
      if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
      return el.value !== el.defaultValue;
    });
  }

  form.addEventListener("change", schedule);
  window.addEventListener("online", sync);
  // A connection that looks up but fails (a weak signal): try again now and then while answers wait here.
  setInterval(function () { if (Object.keys(queued).length) sync(); }, 30000);
  form.addEventListener("input", function (event) {
    var el = event.target;
    if (el.tagName === "TEXTAREA" || el.type === "text") updateCount(el);
    if (el.tagName === "TEXTAREA" || el.type === "text" || el.type === "url" || el.type === "number") schedule(event);
  });
  // Leaving with an answer that is not stored (paused after a conflict, refused, waiting or on its way) asks first.
  window.addEventListener("beforeunload", function (event) {
    var pending = Object.keys(conflicted).length || Object.keys(unsaved).length || Object.keys(timers).length ||
      Object.keys(busy).some(function (code) { return busy[code]; });
    if (pending) { event.preventDefault(); event.returnValue = ""; }
  });
  // Saving the whole page with the Save button is leaving the page on purpose. Without a connection the
  // page would be lost for the browser's error page: the waiting answers are kept here instead.
  form.addEventListener("submit", function (event) {
    if (offline && navigator.onLine === false) {
      event.preventDefault();
      Object.keys(timers).forEach(function (code) { clearTimeout(timers[code]); save(fieldsetOf(code)); });
      return;
    }
    conflicted = {}; unsaved = {}; timers = {}; busy = {};
  });

  form.querySelectorAll(".save-hint").forEach(function (el) { el.hidden = true; });
  form.querySelectorAll(".autosave-hint").forEach(function (el) { el.hidden = false; });
  var early = [];
  form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
    applyNotApplicable(fieldset);
    fieldset.querySelectorAll("textarea, input[type=text]").forEach(updateCount);
    if (changedBeforeStart(fieldset)) early.push(fieldset);
  });
  function saveEarly() { early.forEach(function (fieldset) { if (!queued[fieldset.dataset.code]) save(fieldset); }); }
  if (!offline) { saveEarly(); return; }
  // The answers kept here for this page go back into their questions, then are sent if the connection is
  // up. A question changed before this script started keeps that change, based on the kept version.
  offline.queue.list().then(function (entries) {
    entries.forEach(function (entry) {
      var fieldset = entry.page === page && fieldsetOf(entry.code);
      if (!fieldset) return;
      if (early.indexOf(fieldset) !== -1) {
        fieldset.querySelector("input[name='" + entry.code + "-loaded']").value = entry.based_on;
        offline.queue.remove(page, entry.code);
        return;
      }
      restore(fieldset, entry.pairs);
      queued[entry.code] = true;
    });
    return showQueued();
  }).catch(function () {}).then(function () {
    saveEarly();
    sync();
  });
})();
