/* Service worker of the offline entry pages of survey {{ survey.id }}, version {{ version }}
   (static files hash - survey definition version: any change installs a new worker).
   Pages: network first (a fresh page when online and logged in), the cached copy when the
   network fails or the session has expired. Definition: network first, cache fallback.
   Static files: cache first (they are part of the version). POSTs are never touched. */
"use strict";
var VERSION = "{{ version }}";
var PREFIX = "pdq-offline-{{ survey.id }}-";
var CACHE = PREFIX + VERSION;
var URLS = {{ urls }};
var PAGES = {{ pages }};
var NETWORK_TIMEOUT = 4000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(URLS);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function withTimeout(promise) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, NETWORK_TIMEOUT);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
                 function (error) { clearTimeout(timer); reject(error); });
  });
}

function networkFirst(request, key) {
  return withTimeout(fetch(request)).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
      return response;
    }
    return caches.match(key, {ignoreSearch: true}).then(function (cached) {
      return cached || response;
    });
  }, function () {
    return caches.match(key, {ignoreSearch: true}).then(function (cached) {
      return cached || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (PAGES.indexOf(url.pathname) >= 0 || URLS.indexOf(url.pathname) >= 0 &&
      url.pathname.slice(-5) === ".json") {
    event.respondWith(networkFirst(request, url.pathname));
    return;
  }
  if (URLS.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(url.pathname, {ignoreSearch: true}).then(function (hit) {
      return hit || fetch(request);
    }));
  }
});
