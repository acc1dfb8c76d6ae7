import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { StackHook } from '../../../lib/configuration/schemas/hook-schema';
import { UsageError } from '../../../lib/deployment/synth-target';
import { HookFailedError, StackRunFailures } from '../../../lib/orchestration/hook-failure';
import { errorMessage } from '../../../lib/orchestration/run-report';
import type { StackCommand, StackCommandResult } from '../../../lib/orchestration/stack-command';
import { type StackHookContext, withStackHooks } from '../../../lib/orchestration/stack-hooks';
import type { SynthesizedStack } from '../../../lib/orchestration/synthesized-stacks';
import { shellHook } from '../../support/synth-output';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-hooks-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A stack folder with the given hooks; `journal` is where the hooks' scripts note that they ran. */
function stackWith(
  name: string,
  hooks: StackHook[],
  synthMode: SynthesizedStack['synthMode'] = 'real',
): SynthesizedStack & { journal: string } {
  const directory = path.join(work, name);
  fs.mkdirSync(directory, { recursive: true });
  return {
    name,
    environment: 'dev',
    module: name.replace(/^dev-/, ''),
    synthMode,
    directory,
    dependencies: [],
    hooks,
    journal: path.join(directory, 'journal'),
  };
}

/** Each line the hooks and the action noted, in order. */
function journal(stack: { journal: string }): string[] {
  return fs.existsSync(stack.journal) ? fs.readFileSync(stack.journal, 'utf8').trim().split('\n') : [];
}

/** Runs `action` between the stack's hooks; returns the log lines and how it ended. */
async function run(
  stack: SynthesizedStack & { journal: string },
  action: () => Promise<StackCommandResult>,
  command: StackCommand = 'apply',
  extra: Partial<StackHookContext> = {},
): Promise<{ log: string[]; result?: StackCommandResult; error?: unknown }> {
  const log: string[] = [];
  const context: StackHookContext = {
    stack,
    command,
    projectRoot: work,
    env: { PATH: process.env.PATH, JOURNAL: stack.journal },
    log: (line) => log.push(line),
    ...extra,
  };
  try {
    return { log, result: await withStackHooks(context, action) };
  } catch (error) {
    return { log, error };
  }
}

const note = (what: string) => `echo ${what} >> "$JOURNAL"`;
const succeeded =
  (stack: { journal: string }): (() => Promise<StackCommandResult>) =>
  async () => {
    fs.appendFileSync(stack.journal, 'terraform\n');
    return { initRan: true, provisional: false };
  };
const failing =
  (
    stack: { journal: string },
    message = 'dev-sqs: terraform apply failed (exit 1):\nError: creating SQS Queue: QueueAlreadyExists',
  ): (() => Promise<StackCommandResult>) =>
  async () => {
    fs.appendFileSync(stack.journal, 'terraform\n');
    throw new UsageError(message);
  };

describe("hooks around a stack's command", () => {
  test('before hooks in order, the command, then after hooks in order; error hooks only after a failure', async () => {
    const stack = stackWith('dev-order', [
      shellHook('first', 'before', note('before-1')),
      shellHook('after', 'after', note('after')),
      shellHook('notify', 'error', note('error')),
      shellHook('second', 'before', note('before-2')),
    ]);
    const { result, error } = await run(stack, succeeded(stack));
    expect(error).toBeUndefined();
    expect(result).toEqual({ initRan: true, provisional: false });
    expect(journal(stack)).toEqual(['before-1', 'before-2', 'terraform', 'after']);
  });

  test(
    'a failing before hook fails the stack with its name, exit code and last lines; terraform does not ' + 'run',
    async () => {
      const stack = stackWith('dev-before', [
        shellHook(
          'tflint',
          'before',
          `${note('tflint')}; for i in $(seq 1 30); do echo "finding $i"; done; echo "3 issues" >&2; exit 2`,
        ),
        shellHook('later', 'before', note('later')),
        shellHook('always', 'before', note('always'), { run_on_error: true }),
        shellHook('after', 'after', note('after')),
        shellHook('cleanup', 'after', note('cleanup'), { run_on_error: true }),
        shellHook('notify', 'error', `${note('notify')}; echo "$PLATFORM_ERROR" > error.txt`, {
          on_errors: ['hook "tflint"'],
        }),
        shellHook('unrelated', 'error', note('unrelated'), { on_errors: ['state lock'] }),
      ]);
      const { error, log } = await run(stack, succeeded(stack));
      expect(journal(stack)).toEqual(['tflint', 'always', 'cleanup', 'notify']);
      expect(error).toBeInstanceOf(HookFailedError);
      const message = errorMessage(error);
      expect(message).toMatch(
        new RegExp(
          '^dev-before: hook "tflint" \\(before apply\\) failed with exit code 2; ' +
            'terraform did not run for apply\nits last 20 lines:\n',
        ),
      );
      expect(message).toContain('  | finding 30\n  | 3 issues');
      expect(message).not.toContain('finding 10\n');
      expect(message).not.toMatch(/\n\s+at /);
      // The error hook saw the failure's text.
      expect(fs.readFileSync(path.join(stack.directory, 'error.txt'), 'utf8')).toContain(
        'hook "tflint" (before apply) failed with exit code 2',
      );
      expect(log).toContain('dev-before: hook later skipped (an earlier hook failed; run_on_error is false)');
      expect(log).toContain('dev-before: error hook unrelated not run: none of its on_errors matches the failure');
    },
  );

  test(
    'a failed command: after hooks only with run_on_error, error hooks whose on_errors match anywhere in its text ' +
      "(^ is the text's start); the command's own error is what the stack reports",
    async () => {
      const stack = stackWith('dev-failed', [
        shellHook('smoke', 'after', note('smoke')),
        shellHook('cleanup', 'after', note('cleanup'), { run_on_error: true }),
        shellHook('exists', 'error', note('exists'), { on_errors: ['Error: creating SQS Queue: Queue\\w+Exists'] }),
        shellHook('anchored', 'error', note('anchored'), { on_errors: ['^Error: creating SQS Queue'] }),
        shellHook('lock', 'error', note('lock'), { on_errors: ['Error acquiring the state lock'] }),
      ]);
      const { error } = await run(stack, failing(stack));
      expect(journal(stack)).toEqual(['terraform', 'cleanup', 'exists']);
      expect(error).toBeInstanceOf(UsageError);
    },
  );

  test(
    'a failing after hook fails the stack even though the command succeeded; with the command failed too, both are ' +
      'reported',
    async () => {
      const smoke = stackWith('dev-smoke', [shellHook('smoke', 'after', 'echo "queue not reachable"; exit 7')]);
      const afterSuccess = await run(smoke, succeeded(smoke));
      expect(errorMessage(afterSuccess.error)).toBe(
        'dev-smoke: hook "smoke" (after apply) failed with exit code 7\nits last line:\n  | queue not reachable',
      );

      const both = stackWith('dev-both', [shellHook('smoke', 'after', 'exit 7', { run_on_error: true })]);
      const afterFailure = await run(both, failing(both, 'dev-both: terraform apply failed (exit 1):\nError: boom'));
      expect(afterFailure.error).toBeInstanceOf(StackRunFailures);
      expect(errorMessage(afterFailure.error)).toBe(
        'dev-both: terraform apply failed (exit 1):\nError: boom\ndev-both: hook "smoke" (after apply) failed with ' +
          'exit code 7',
      );
    },
  );

  test('a hook past its timeout is stopped, with whatever it started, and fails the stack', async () => {
    const stack = stackWith('dev-timeout', [
      shellHook('slow', 'before', 'echo started; sleep 30 & sleep 30; echo never', { timeout_seconds: 1 }),
    ]);
    const started = performance.now();
    const { error } = await run(stack, succeeded(stack));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(errorMessage(error)).toBe(
      'dev-timeout: hook "slow" (before apply) timed out after 1 s and was stopped; terraform did not run for ' +
        'apply\nits last line:\n  | started',
    );
    expect(journal(stack)).toEqual([]);
  });

  test('a program that does not exist', async () => {
    const stack = stackWith('dev-missing', [
      { ...shellHook('lint', 'before', ''), execute: ['no-such-linter-here', '--fix'] },
    ]);
    const { error } = await run(stack, succeeded(stack));
    expect(errorMessage(error)).toMatch(
      new RegExp(
        '^dev-missing: hook "lint" \\(before apply\\) could not start \\(spawn no-such-linter-here ENOENT\\); ' +
          'terraform did not run for apply$',
      ),
    );
  });

  test(
    'placeholders are filled in, and every hook gets the stack, environment, module, command and folders, and ' +
      "Terragrunt's TG_CTX_*",
    async () => {
      const stack = stackWith('dev-context', [
        {
          ...shellHook('context', 'before', ''),
          execute: [
            'sh',
            '-c',
            'echo "$1 $2 $3 $4 $5 $6" > args.txt; env | grep -E "^(PLATFORM|TG_CTX)_" | sort > env.txt',
            'hook',
            '{environment}',
            '{module}',
            '{stack}',
            '{command}',
            '{stack_dir}',
            '{project_root}',
          ],
        },
      ]);
      await run(stack, succeeded(stack));
      expect(fs.readFileSync(path.join(stack.directory, 'args.txt'), 'utf8')).toBe(
        `dev context dev-context apply ${stack.directory} ${work}\n`,
      );
      expect(fs.readFileSync(path.join(stack.directory, 'env.txt'), 'utf8').trim().split('\n')).toEqual([
        'PLATFORM_COMMAND=apply',
        'PLATFORM_ENVIRONMENT=dev',
        'PLATFORM_HOOK=context',
        'PLATFORM_HOOK_WHEN=before',
        'PLATFORM_MODULE=context',
        `PLATFORM_PROJECT_ROOT=${work}`,
        'PLATFORM_STACK=dev-context',
        `PLATFORM_STACK_DIR=${stack.directory}`,
        'PLATFORM_SYNTH_MODE=real',
        'TG_CTX_COMMAND=apply',
        'TG_CTX_HOOK_NAME=context',
        'TG_CTX_TF_PATH=terraform',
      ]);
    },
  );

  test(
    "after a plan, an after hook is told where this run's saved plan is; a plan file an earlier run left is never " +
      "passed off as this run's",
    async () => {
      const stack = stackWith('dev-plan', [
        shellHook(
          'show',
          'after',
          'echo "$PLATFORM_PLAN_FILE|$PLATFORM_PLAN_HAS_CHANGES|$PLATFORM_PLAN_JSON" >> "$JOURNAL"',
          { run_on_error: true },
        ),
      ]);
      const planFile = path.join(stack.directory, 'platform.tfplan');
      fs.writeFileSync(planFile, 'plan');
      await run(
        stack,
        async () => ({ initRan: false, provisional: false, hasChanges: true, planFile: '/plans/dev-plan.json' }),
        'plan',
      );
      await run(stack, failing(stack), 'plan');
      expect(journal(stack)).toEqual([`${planFile}|true|/plans/dev-plan.json`, 'terraform', '||']);
    },
  );

  test('a hook runs only for its commands; working_dir "project" runs it in the project root', async () => {
    const stack = stackWith('dev-where', [
      shellHook('applies', 'before', note('applies'), { commands: ['apply'] }),
      shellHook('root', 'before', 'pwd >> "$JOURNAL"', { commands: ['plan'], working_dir: 'project' }),
    ]);
    await run(stack, async () => ({ initRan: false, provisional: false }), 'plan');
    expect(journal(stack)).toEqual([fs.realpathSync(work)]);
  });

  test('a stack synthesized offline runs only the hooks that say they may', async () => {
    const stack = stackWith(
      'dev-offline',
      [shellHook('lint', 'before', note('lint'), { offline: true }), shellHook('notify', 'after', note('notify'))],
      'offline',
    );
    const { log } = await run(stack, succeeded(stack), 'plan');
    expect(journal(stack)).toEqual(['lint', 'terraform']);
    expect(log).toContain(
      'dev-offline: 1 hook(s) not run: the stack was synthesized offline (a hook with "offline": true runs there too)',
    );
  });

  test(
    "output goes to the log a whole line at a time with the stack's name, even from stacks running at " + 'once',
    async () => {
      const chatty = (name: string) =>
        stackWith(name, [
          shellHook(
            'chatty',
            'before',
            'printf "hel"; sleep 0.2; printf "lo\\nwor"; sleep 0.1; echo "to stderr" >&2; sleep 0.1; ' +
              'echo "ld"; printf ' +
              '"no newline"',
          ),
        ]);
      const [a, b] = [chatty('dev-a'), chatty('dev-b')];
      const log: string[] = [];
      const context = (stack: SynthesizedStack): StackHookContext => ({
        stack,
        command: 'plan',
        projectRoot: work,
        env: { PATH: process.env.PATH },
        log: (line) => log.push(line),
      });
      await Promise.all(
        [a, b].map((s) => withStackHooks(context(s), async () => ({ initRan: false, provisional: false }))),
      );
      for (const name of ['dev-a', 'dev-b']) {
        expect(log.filter((l) => l.startsWith(`${name}: [chatty]`))).toEqual([
          `${name}: [chatty] hello`,
          `${name}: [chatty] to stderr`,
          `${name}: [chatty] world`,
          `${name}: [chatty] no newline`,
        ]);
      }
      expect(log.filter((l) => !/^dev-[ab]: /.test(l))).toEqual([]);
    },
  );

  test('a stack without hooks for the command runs the command alone, and says nothing', async () => {
    const stack = stackWith('dev-none', [shellHook('applies', 'before', note('applies'), { commands: ['apply'] })]);
    const { log, result } = await run(stack, succeeded(stack), 'plan');
    expect(result).toBeDefined();
    expect(log).toEqual([]);
    expect(journal(stack)).toEqual(['terraform']);
  });
});
