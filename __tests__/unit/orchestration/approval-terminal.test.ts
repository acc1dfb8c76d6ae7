import { approvalWithoutTerminal } from '../../../lib/orchestration/approval-terminal';

describe('a cdktf command that would ask for approval with no terminal to ask in', () => {
  test.each([
    ['deploy', ['deploy', 'dev-iam']],
    ['apply', ['apply', 'dev-iam']],
    ['destroy', ['destroy', 'dev-sqs']],
    ['deploy', ['deploy', 'dev-iam', '--auto-approve=false']],
  ])('%s %j without a terminal is refused, naming --auto-approve and saved plans', (command, args) => {
    const refusal = approvalWithoutTerminal(command, args, false);
    expect(refusal).toMatch(new RegExp(`^cdktf ${command} asks for approval in a terminal, and standard input is not`));
    expect(refusal).toContain('--auto-approve');
    expect(refusal).toContain('npm run all -- apply --saved-plans <dir>');
  });

  test.each([
    ['deploy', ['deploy', 'dev-iam'], true],
    ['deploy', ['deploy', 'dev-iam', '--auto-approve'], false],
    ['deploy', ['deploy', 'dev-iam', '--auto-approve=true'], false],
    ['destroy', ['destroy', 'dev-sqs', '--autoApprove'], false],
    ['diff', ['diff', 'dev-iam'], false],
    ['output', ['output', 'dev-iam'], false],
    [undefined, [], false],
  ])('%s %j (terminal: %s) goes ahead', (command, args, terminal) => {
    expect(approvalWithoutTerminal(command, args, terminal)).toBeUndefined();
  });
});
