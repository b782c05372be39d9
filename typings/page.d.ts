// Globals of the pages the calculator scripts run in (tsconfig.json only).

/** Material for MkDocs' RxJS subject: it emits once per page, on load and after every instant navigation. */
declare var document$: { subscribe(next: () => void): unknown } | undefined;

/** Left by the early start in <head> (early.js) for runtime.js, which takes it over and clears it. */
declare var gbt27922Early: EarlyStart | null | undefined;
