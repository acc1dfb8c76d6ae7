import { loadConfiguration } from '../../../main';
import { ConfigError, type ConfigProblem } from '../../../lib/configuration/config-error';
import { ConfigFixture } from '../../support/config-fixture';

/** The problems loading the fixture's dev environment reports (it must fail). */
function problems(fixture: ConfigFixture): ConfigProblem[] {
  try {
    loadConfiguration({ root: fixture.root, environments: ['dev'], displayRoot: fixture.root });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the configuration loaded, but it should have been rejected');
}

/** A hook that validates, for a test to break one field of. */
const tflint = { when: 'before', commands: ['plan', 'apply'], execute: ['tflint', '--chdir', '{stack_dir}'] };

describe('hooks in the configuration', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  const hooksOf = (environment: string) =>
    loadConfiguration({ root: fixture.root, environments: [environment] }).environments[0]!.settings.hooks;

  test('the shipped configuration has none', () => {
    expect(hooksOf('dev')).toEqual({});
  });

  test('defaults are filled in; configuration placeholders at load, run-time placeholders left for run-all', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.hooks = {
        tflint,
        notify: {
          when: 'error',
          commands: ['apply'],
          execute: [
            'notify',
            '{prefix}',
            '{environment}',
            '{stack}',
            '{command}',
            '{module}',
            '{project_root}',
            '${HOME}',
          ],
          on_errors: ['.*'],
        },
      };
    });
    expect(hooksOf('dev')).toEqual({
      tflint: { ...tflint, working_dir: 'stack', run_on_error: false, timeout_seconds: 300, offline: false },
      notify: {
        when: 'error',
        commands: ['apply'],
        execute: ['notify', 'gss-dev', 'dev', '{stack}', '{command}', '{module}', '{project_root}', '${HOME}'],
        on_errors: ['.*'],
        working_dir: 'stack',
        run_on_error: false,
        timeout_seconds: 300,
        offline: false,
      },
    });
  });

  test(
    'layers merge hooks by name: an environment adds one, changes a field of another, removes a third ' + 'with null',
    () => {
      fixture.editJson('config/defaults.json', (d) => {
        d.hooks = {
          tflint,
          smoke: { when: 'after', commands: ['apply'], execute: ['npm', 'run', 'smoke-test'] },
          announce: { when: 'before', commands: ['apply'], execute: ['echo', 'applying'] },
        };
      });
      fixture.editJson('config/environments/prod.json', (d) => {
        d.hooks = {
          smoke: { run_on_error: true },
          announce: null,
          page: {
            when: 'error',
            commands: ['apply'],
            execute: ['page-oncall'],
            on_errors: ['Error acquiring the state lock'],
          },
        };
      });
      expect(Object.keys(hooksOf('dev'))).toEqual(['tflint', 'smoke', 'announce']);
      const prod = hooksOf('prod');
      // Layer order: the defaults' hooks first, then what the environment adds.
      expect(Object.keys(prod)).toEqual(['tflint', 'smoke', 'page']);
      expect(prod.smoke).toMatchObject({ when: 'after', run_on_error: true });
    },
  );

  test.each([
    [
      'an unknown timing',
      { ...tflint, when: 'around' },
      '$.hooks.tflint.when',
      '"around"',
      'one of "before", "after", "error"',
    ],
    [
      'a command run-all does not have',
      { ...tflint, commands: ['plan', 'init'] },
      '$.hooks.tflint.commands[1]',
      '"init"',
      'one of "plan", "apply", "destroy", "validate", "output"',
    ],
    [
      'a command twice',
      { ...tflint, commands: ['plan', 'plan'] },
      '$.hooks.tflint.commands',
      '["plan","plan"]',
      'each command once',
    ],
    [
      'a shell string where a list belongs',
      { ...tflint, execute: 'tflint --chdir .' },
      '$.hooks.tflint.execute',
      '"tflint --chdir ."',
      'an array',
    ],
    ['no program', { ...tflint, execute: [] }, '$.hooks.tflint.execute', '[]', 'at least 1 item'],
    ['an empty program', { ...tflint, execute: [' ', 'x'] }, '$.hooks.tflint.execute[0]', '" "', 'a program to run'],
    [
      'a secret in an argument, never echoed',
      { ...tflint, execute: ['notify', '--token=hunter2'] },
      '$.hooks.tflint.execute[1]',
      '"<redacted>"',
      'no secret in clear text',
    ],
    [
      'on_errors on a before hook',
      { ...tflint, on_errors: ['.*'] },
      '$.hooks.tflint.on_errors',
      '[".*"]',
      'only error hooks match failures',
    ],
    [
      'an error hook without on_errors',
      { when: 'error', commands: ['apply'], execute: ['notify'] },
      '$.hooks.tflint.on_errors',
      'nothing (the key is missing)',
      '[".*"] for any failure',
    ],
    [
      'run_on_error on an error hook',
      { when: 'error', commands: ['apply'], execute: ['notify'], on_errors: ['.*'], run_on_error: true },
      '$.hooks.tflint.run_on_error',
      'true',
      'an error hook runs only after a failure anyway',
    ],
    [
      'a pattern that is no regular expression',
      { when: 'error', commands: ['apply'], execute: ['notify'], on_errors: ['(unclosed'] },
      '$.hooks.tflint.on_errors[0]',
      '"(unclosed"',
      'a regular expression',
    ],
    ['a timeout of zero', { ...tflint, timeout_seconds: 0 }, '$.hooks.tflint.timeout_seconds', '0', 'a number >= 1'],
    [
      'a working_dir that is a path',
      { ...tflint, working_dir: '../scripts' },
      '$.hooks.tflint.working_dir',
      '"../scripts"',
      'one of "stack", "project"',
    ],
    [
      'a module that does not exist',
      { ...tflint, modules: ['batch', 'lambda'] },
      '$.hooks.tflint.modules[1]',
      'the module "lambda"',
      'one of the modules: iam, security-group, sqs, batch, step-function',
    ],
    [
      'a placeholder nothing fills',
      { ...tflint, execute: ['tflint', '{stack_folder}'] },
      '$.hooks.tflint.execute[1]',
      'the placeholder {stack_folder} that nothing fills',
      '{stack_dir}',
    ],
  ])(
    '%s: one problem naming the file, the JSON path, what was found and what is allowed',
    (_name, hook, jsonPath, found, allowed) => {
      fixture.editJson('config/defaults.json', (d) => {
        d.hooks = { tflint: hook };
      });
      const [problem, ...others] = problems(fixture);
      expect(others).toEqual([]);
      expect(problem).toMatchObject({ file: 'config/defaults.json', jsonPath, found });
      expect(problem!.allowed).toContain(allowed);
      expect(problem!.line).toBeGreaterThan(1);
    },
  );

  test('a hook name that is not one, and an unknown key with the closest known one', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.hooks = { '1st': tflint, tflint: { ...tflint, run_on_errors: true } };
    });
    const found = problems(fixture);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ file: 'config/environments/dev.json', jsonPath: '$.hooks["1st"]' });
    expect(found[0]!.allowed).toContain('a hook name');
    expect(found[1]).toMatchObject({
      file: 'config/environments/dev.json',
      jsonPath: '$.hooks.tflint.run_on_errors',
      found: 'unknown key "run_on_errors"',
    });
    expect(found[1]!.allowed).toContain('"run_on_error" (closest match)');
  });
});
