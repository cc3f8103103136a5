// Documents are rendered on a task queue of their own (README "At scale"), polled by a worker whose
// activity slots match the Chromium pages it has: a burst of PDFs then waits on that queue and
// never holds the slots a process's time-critical steps need (an incident's 签收 task must reach
// the inbox in seconds while 200 report forms are printing). No I/O here.

/** The rendering queue beside process task queue `taskQueue`. */
export const renderQueueOf = (taskQueue: string) => `${taskQueue}-render`;
