// What every workflow bundle is built with (worker from source, `npm run build`, tests, benches).
//
// With the reusable V8 context (the SDK's default) each workflow gets a fresh copy of every module
// it imports: module scope runs again for each new workflow. zod's own module scope (hundreds of
// schema classes) was most of the worker's CPU in bench:inspection's fan-out, run again for each
// of 1,000 units. zod and its locale setting hold no per-workflow state, so they are loaded once
// and shared, frozen by the SDK (domain/zod-locale.ts uses zod once first, so zod has nothing left
// to write into its frozen global state). The form modules are not shared: zod schemas bind
// their methods lazily onto themselves, which a frozen schema refuses; they are built on first use
// instead (lazyForm, domain/forms.ts). workflows/stack-trace-limit.ts shortens the stack traces
// the SDK takes of every workflow promise. Paths are relative to workflows/, where the bundle's
// entry point lives.
export const WORKFLOW_PRELOAD_MODULES = ['zod', '../domain/zod-locale.js', './stack-trace-limit.js'];
