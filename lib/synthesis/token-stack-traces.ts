/**
 * Runs `work` with call stacks formatted to nothing. cdktf records the full call stack of every
 * token it creates (Intrinsic.creationStack, with Error.stackTraceLimit lifted) and formats it on
 * the spot; this app never reads those stacks (App stackTraces: false) and creates thousands of
 * tokens per synth. V8 formats an error's stack when it is first read, so an error thrown by `work`
 * and read afterwards keeps its trace.
 */
export function withoutTokenStackTraces<T>(work: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
