// Preloaded into the workflow bundle's shared V8 context (scripts/workflow-bundle-options.ts) and
// imported nowhere else: it sets the depth of stack traces taken inside workflows only.
//
// The SDK's worker records a stack trace for every promise a workflow creates (for the
// `__stack_trace` query), each frame mapped through the bundle's source map. In bench:inspection's
// fan-out that was a third of the workflow thread's CPU (README, Benchmarks). Six frames instead of
// V8's ten took it from 8.1 to 5.1 s there; the frames kept are the innermost, the workflow's own.
Error.stackTraceLimit = 6;

export {};
