// @ts-check
// The calculators' service worker. hooks/service_worker.py writes it to the site root as
// calculator-sw.js, preceded by `const MANIFEST = {version, immutable, fresh, integrity}` (URLs
// relative to the script), and runtime.js registers it (after Python is ready, from calculator
// pages only) for two scopes: the calculator pages' directory and the calculator worker's directory
// (a dedicated worker is controlled by the scope of its own URL; the runtime is fetched from there).
// Other pages are outside both scopes: they never run this code and never download Pyodide.
//
// - "immutable" URLs (versioned Pyodide directory, content-hashed files, worker*.js?v=…) are served
//   from the cache first: a returning visit downloads nothing of the 10 MB runtime. They are fetched
//   with their Subresource Integrity (MANIFEST.integrity): a damaged copy is refused by the browser
//   and never cached, so a retry after a failed load downloads the file again;
// - "fresh" URLs (the calculator pages and their non-hashed scripts and styles) go to the network
//   first, so a new build is seen at once, and come from the cache when the network fails (offline);
// - anything else is not touched (no respondWith): the browser fetches it as usual.
// A new build gives a new MANIFEST.version, hence a new script: it installs next to the old one,
// fills a new cache, takes over and deletes the old caches.

/* global MANIFEST */

/** This script runs as a service worker (TypeScript's lib knows only a worker's `self`). */
const scope = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const PREFIX = "gbt27922-calculator-";
const CACHE = `${PREFIX}${MANIFEST.version}`;
const resolve = (/** @type {string} */ url) => new URL(url, scope.location.href).href;
const IMMUTABLE = new Set(MANIFEST.immutable.map(resolve));
const FRESH = new Set(MANIFEST.fresh.map(resolve));
const INTEGRITY = new Map(Object.entries(MANIFEST.integrity || {}).map(([url, hash]) => [resolve(url), hash]));
// An immutable file as it must be: the browser checks the bytes against the build's SHA-256.
const checked = (/** @type {string} */ url) =>
  new Request(url, INTEGRITY.has(url) ? { integrity: INTEGRITY.get(url) } : {});

scope.addEventListener("install", (/** @type {InstallEvent} */ event) => {
  // Static routes: the browser answers "immutable" URLs from this cache by itself, without even
  // starting this worker (and goes to the network should an entry be missing).
  if (typeof event.addRoutes === "function") {
    try {
      const routes = [...IMMUTABLE].map((url) => ({
        condition: { urlPattern: new URLPattern(url) },
        source: { cacheName: CACHE },
      }));
      Promise.resolve(event.addRoutes(routes)).catch(() => {});
    } catch {
      /* a browser without static routes: the fetch handler below does the same */
    }
  }
  // Mostly served by the HTTP cache: the page that registers this worker has just loaded these files.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...[...IMMUTABLE].map(checked), ...FRESH]))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => scope.clients.claim()),
  );
});

/** @param {Request} request */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const url = new URL(request.url);
  url.hash = "";
  const response = await fetch(INTEGRITY.has(url.href) ? checked(url.href) : request);
  if (response.ok) await cache.put(url.href, response.clone());
  return response;
}

/**
 * @param {Request} request
 * @param {string} key the URL it is cached under
 */
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}

scope.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.hash = "";
  if (IMMUTABLE.has(url.href)) {
    event.respondWith(cacheFirst(request));
    return;
  }
  const page = new URL(url.href);
  page.search = ""; // a calculator page with a query string is still that page
  if (FRESH.has(url.href)) event.respondWith(networkFirst(request, url.href));
  else if (request.mode === "navigate" && FRESH.has(page.href)) event.respondWith(networkFirst(request, page.href));
});
