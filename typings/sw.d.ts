// Globals of the service worker (tsconfig.sw.json only).

/** Written in front of sw.js by the build (hooks/service_worker.py: service_worker). */
declare const MANIFEST: {
  /** Changes with anything kept whose URL does not change with its content. */
  version: string;
  /** Served from the cache first (versioned or content-hashed URLs), relative to the script. */
  immutable: string[];
  /** Served from the network first, from the cache when offline. */
  fresh: string[];
  /** Subresource Integrity of the immutable files, by URL. */
  integrity?: Record<string, string>;
};

/** Chromium's static routing API (ServiceWorker Static Routing): not in TypeScript's lib yet. */
interface InstallEvent extends ExtendableEvent {
  addRoutes?(routes: Array<{ condition: { urlPattern: unknown }; source: { cacheName: string } }>): Promise<void>;
}

declare var URLPattern: new (input: string) => unknown;
