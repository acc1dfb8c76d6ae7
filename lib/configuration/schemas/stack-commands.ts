/** What run-all can do to each stack: the commands a hook may name. */
export const STACK_COMMANDS = ['plan', 'apply', 'destroy', 'validate', 'output'] as const;

/** One of run-all's commands. */
export type StackCommand = (typeof STACK_COMMANDS)[number];
