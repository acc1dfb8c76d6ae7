/** cdktf commands that change the deployed stacks, each after asking for approval. */
export const CHANGING_COMMANDS = new Set(['deploy', 'apply', 'destroy']);

/** Whether the arguments approve in advance, as cdktf's option parser reads them. */
function autoApproved(args: readonly string[]): boolean {
  return args.some((arg) => /^--(auto-approve|autoApprove)(=true)?$/.test(arg));
}

/**
 * The one-line refusal for a cdktf command that would ask for approval with no terminal to ask in,
 * or undefined. cdktf's prompt needs a terminal for its keys: without one it plans, then fails with
 * ink's "Raw mode is not supported" and a stack trace (cdktf-cli 0.21, measured after 20 s).
 */
export function approvalWithoutTerminal(
  command: string | undefined,
  args: readonly string[],
  stdinIsTerminal: boolean,
): string | undefined {
  if (!command || !CHANGING_COMMANDS.has(command) || stdinIsTerminal || autoApproved(args)) return undefined;
  return (
    `cdktf ${command} asks for approval in a terminal, and standard input is not one (a CI job, a pipe ` +
    'or < /dev/null). Run it in a terminal, or pass --auto-approve to apply what its plan shows; to apply ' +
    'a plan someone reviewed, save it and apply that: npm run all -- apply --saved-plans <dir> ' +
    '(docs/plan-review.md).'
  );
}
