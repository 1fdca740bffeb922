// Autosave for the questionnaire: each question (fieldset) is saved on its own when it changes.
// The page's plain Save button works without this script; with it, nothing waits for that button.
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
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var text = {
    saving: zh ? "正在保存…" : "Saving…",
    saved: zh ? "已自动保存 " : "Saved at ",
    paused: zh ? "此题的自动保存已暂停。" : "Autosave of this question is paused.",
    keep: zh ? "以我的填写为准保存" : "Save my answer instead",
    failed: zh ? "未保存：" : "Not saved: ",
    offline: zh ? "网络异常，未保存。您的填写仍在页面上，请稍后点“保存”。" : "Network error: not saved. Your input is still here; press Save later."
  };

  function status(fieldset, message, kind) {
    var el = fieldset.querySelector(".save-status");
    el.textContent = message;
    el.className = "save-status small mb-0 " + (kind === "error" ? "text-danger" : kind === "warning" ? "text-warning-emphasis" : "text-body-secondary");
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

  function save(fieldset) {
    var code = fieldset.dataset.code;
    if (conflicted[code]) return;
    if (busy[code]) { again[code] = true; return; }
    busy[code] = true;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data.append(el.name, el.value);
    });
    status(fieldset, text.saving);
    fetch(window.location.pathname, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrf}
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (r) {
      var body = r.body;
      var conflict = r.ok && body.conflicts && body.conflicts[code];
      if (conflict) {
        conflicted[code] = body.tokens[code];
        again[code] = false;
      } else if (body.tokens && body.tokens[code]) {
        fieldset.querySelector("input[name='" + code + "-loaded']").value = body.tokens[code];
      }
      if (!r.ok) {
        var messages = (body.page_errors || []).slice();
        var errors = (body.errors || {})[code] || {};
        Object.keys(errors).forEach(function (name) { messages = messages.concat(errors[name]); });
        status(fieldset, text.failed + messages.join(" "), "error");
      } else if (conflict) {
        status(fieldset, conflict + " " + text.paused, "warning");
        keepButton(fieldset, code);
      } else {
        status(fieldset, text.saved + new Date().toLocaleTimeString(zh ? "zh-CN" : undefined));
      }
    }).catch(function () { status(fieldset, text.offline, "error"); }).then(function () {
      busy[code] = false;
      if (again[code]) { again[code] = false; save(fieldset); }
    });
  }

  function schedule(event) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset) return;
    var code = fieldset.dataset.code;
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { save(fieldset); }, event.type === "input" ? 800 : 0);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text" || event.target.type === "url" || event.target.type === "number") schedule(event);
  });
})();
