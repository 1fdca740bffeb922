{% load static %}// The offline service worker (README "离线填报"): a questionnaire page opened once opens again without a
// connection. Pages: network first, the last copy when the network fails. Versioned static files (their
// name carries a hash): cache first. Nothing else is touched: no POST, no download (PDF, exports), no
// other page; the browser handles those exactly as without this worker.
// Pages are kept per member (the X-Member header of the response): a page of another member is dropped
// as soon as a new member's page arrives or is announced, and logging out clears everything.
"use strict";
var STATIC_CACHE = "rongmei-static-v1";
var PAGES_PREFIX = "rongmei-pages-";  // + the member's user id
var STATIC_PREFIX = "{% get_static_prefix %}";
var QUESTIONNAIRE = /^\/assessments\/[0-9]+\/(pillars\/[^/]+\/)?$/;  // the overview and the pillar pages
var VERSIONED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;  // ManifestStaticFilesStorage's hashed names

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function isPage(url) { return url.origin === self.location.origin && !url.search && QUESTIONNAIRE.test(url.pathname); }
function isStatic(url) { return url.origin === self.location.origin && url.pathname.indexOf(STATIC_PREFIX) === 0; }

function dropOtherMembers(member) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES_PREFIX) === 0 && name !== PAGES_PREFIX + member;
    }).map(function (name) { return caches.delete(name); }));
  });
}

// A page goes into its member's cache only when it is that member's page as the server made it (200,
// not a redirect to the login page).
function keepPage(url, response) {
  var member = response.headers.get("X-Member");
  if (!member || !response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  return dropOtherMembers(member).then(function () {
    return caches.open(PAGES_PREFIX + member);
  }).then(function (cache) { return cache.put(url, response); });
}

function cachedPage(url) {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(PAGES_PREFIX) === 0; }).reduce(function (found, name) {
      return found.then(function (response) {
        return response || caches.open(name).then(function (cache) { return cache.match(url, {ignoreVary: true}); });
      });
    }, Promise.resolve(undefined));
  });
}

function keepStatic(request, response) {
  if (!response.ok || response.type !== "basic") return Promise.resolve();
  return caches.open(STATIC_CACHE).then(function (cache) { return cache.put(request, response); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (request.mode === "navigate" && isPage(url)) {
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(keepPage(url.href, response.clone()));
      return response;
    }, function () {
      // No connection: the last copy, or the browser's own offline page when there is none.
      return cachedPage(url.href).then(function (response) { return response || Response.error(); });
    }));
  } else if (isStatic(url) && VERSIONED.test(url.pathname)) {
    event.respondWith(caches.match(request).then(function (cached) {
      return cached || fetch(request).then(function (response) {
        event.waitUntil(keepStatic(request, response.clone()));
        return response;
      });
    }));
  } else if (isStatic(url)) {
    // Unversioned (development, tests): the file may change under the same name, so the network first.
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(keepStatic(request, response.clone()));
      return response;
    }, function () {
      return caches.match(request).then(function (cached) { return cached || Response.error(); });
    }));
  }
});

// From the pages (static/js/offline.js, static/js/autosave.js): {member} drops every other member's
// pages; {keep: [urls]} stores the page that was loaded before this worker took over, its static files,
// and a page again after its answers were saved (so that the copy shows them).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var work = [data.member ? dropOtherMembers(String(data.member)) : Promise.resolve()];
  (data.keep || []).forEach(function (href) {
    var url = new URL(href, self.location.origin);
    if (isPage(url)) {
      work.push(fetch(url.href, {credentials: "same-origin"}).then(function (response) {
        return keepPage(url.href, response);
      }).catch(function () {}));
    } else if (isStatic(url)) {
      var request = new Request(url.href);
      work.push(fetch(request).then(function (response) { return keepStatic(request, response); }).catch(function () {}));
    }
  });
  event.waitUntil(Promise.all(work));
});
