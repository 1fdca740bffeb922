// The questionnaire on a weak connection (README "离线填报"), on every page of a signed-in member:
// - registers the service worker (/sw.js) that keeps the questionnaire pages for opening offline;
// - RongmeiOffline: the answers this browser holds until they reach the server (IndexedDB, one entry per
//   member, page and question, with the version the answer was based on), used by autosave.js;
// - logging out clears those answers and the caches (as does the logout response's Clear-Site-Data).
// A browser without service workers or IndexedDB works as before: nothing here is needed to fill in.
(function () {
  "use strict";
  var script = document.currentScript;
  var member = script && script.dataset.member;
  if (!member) return;
  var DB_NAME = "rongmei-offline";
  var STORE = "answers";
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var text = {
    discard: zh
      ? function (n) { return "本机还有 " + n + " 条答案尚未同步到服务器。退出登录会删除它们。仍要退出吗？"; }
      : function (n) { return n + " answers on this device have not reached the server yet. Logging out deletes them. Log out anyway?"; }
  };

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("IndexedDB unavailable")); return; }
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, {keyPath: ["member", "page", "code"]}).createIndex("member", "member");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error("IndexedDB blocked")); };
    });
  }

  // One transaction; resolves with the request's result once it is committed (durable).
  function run(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  // Only this member's entries: another member signed in on the same phone never sees them.
  var queue = {
    put: function (entry) {
      entry.member = member;
      return run("readwrite", function (store) { return store.put(entry); });
    },
    remove: function (page, code) {
      return run("readwrite", function (store) { return store.delete([member, page, code]); });
    },
    list: function () {
      return run("readonly", function (store) { return store.index("member").getAll(member); }).then(function (entries) {
        return entries.sort(function (a, b) { return a.at - b.at; });  // in the order they were made
      });
    }
  };
  window.RongmeiOffline = {queue: queue, keepPage: keepPage};

  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise(function (resolve) { setTimeout(resolve, ms); })]);
  }

  function clearDevice() {
    var work = [];
    if (window.indexedDB) {
      work.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }).catch(function () {}));
    }
    return withTimeout(Promise.all(work), 3000);  // never keeps a member from logging out
  }

  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) return;
      event.preventDefault();
      withTimeout(queue.list(), 2000).catch(function () { return []; }).then(function (entries) {
        if (entries && entries.length && !window.confirm(text.discard(entries.length))) return;
        return clearDevice().then(function () {
          form.dataset.cleared = "1";
          form.submit();
        });
      });
    });
  });

  // Asks the service worker to store pages (and static files) as they are now.
  function keepPage(urls) {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({member: member, keep: urls});
    });
  }

  if ("serviceWorker" in navigator && script.dataset.worker) {
    // A page loaded before the worker took over went past it: its copy and its files are fetched again.
    var missed = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register(script.dataset.worker).then(function () {
      var urls = missed ? [window.location.href] : [];
      if (missed) {
        document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) { urls.push(el.href || el.src); });
      }
      keepPage(urls);
    }).catch(function () {});  // refused (a browser setting, an old browser): the site works as before
  }
})();
