// What every workflow bundle is built with (worker from source, `npm run build`, tests, benches).
//
// With the reusable V8 context (the SDK's default) each workflow gets a fresh copy of every module
// it imports: module scope runs again for each new workflow. For the form modules that means zod
// itself and every form's zod schema and JSON Schema, rebuilt for each of the 1,000 units of an
// inspection run (most of the worker's CPU in bench:inspection's fan-out). These modules hold no
// per-workflow state (schemas and constants only), so they are loaded once and shared, frozen by
// the SDK. Paths are relative to workflows/, where the bundle's entry point lives.
export const WORKFLOW_PRELOAD_MODULES = [
  'zod',
  '../domain/zod-locale.js',
  '../domain/forms.js',
  '../domain/escalation-form.js',
  '../domain/handover-forms.js',
  '../domain/inspection-forms.js',
  '../domain/notice-forms.js',
];
