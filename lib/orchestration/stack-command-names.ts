/** What run-all can do to each stack. */
export type StackCommand = 'plan' | 'apply' | 'destroy' | 'validate' | 'output';

/** The commands run-all knows. */
export const STACK_COMMANDS: readonly StackCommand[] = ['plan', 'apply', 'destroy', 'validate', 'output'];
