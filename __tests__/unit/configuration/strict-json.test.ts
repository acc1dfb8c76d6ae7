import { loadConfiguration } from '../../../main';
import { ConfigFixture } from '../../support/config-fixture';
import { loadProblems, readText } from './loading';

// What parses as JSON but would not reach the configuration as written.
describe('values that would not reach the configuration as written are refused', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('a "__proto__" key, which a JavaScript object would swallow', () => {
    fixture.write(
      'config/environments/dev.json',
      readText(fixture, 'config/environments/dev.json').replace(
        '"compute_resources": { "max_vcpus": 64 }',
        '"__proto__": { "max_vcpus": 64 }',
      ),
    );
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        file: 'config/environments/dev.json',
        jsonPath: '$.batch_json["compute-environment.json"].__proto__',
        found: 'the key "__proto__"',
      }),
    ]);
  });

  test('an integer beyond what a double holds exactly', () => {
    fixture.write(
      'batch-json/compute-environment.json',
      readText(fixture, 'batch-json/compute-environment.json').replace(
        /"max_vcpus": \d+/,
        '"max_vcpus": 9007199254740993',
      ),
    );
    expect(loadProblems(fixture, ['prod'])).toEqual([
      expect.objectContaining({
        jsonPath: '$.compute_resources.max_vcpus',
        found: '9007199254740993, an integer too large to be read exactly (it reads as 9007199254740992)',
      }),
    ]);
  });

  test('a number beyond the range of a double', () => {
    fixture.write(
      'batch-json/log-groups.json',
      readText(fixture, 'batch-json/log-groups.json').replace(/"retention_in_days": \d+/, '"retention_in_days": 1e999'),
    );
    expect(loadProblems(fixture, ['prod'])).toEqual([
      expect.objectContaining({ found: '1e999, a number too large for a double' }),
    ]);
  });

  test('nesting deeper than any configuration needs', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      let value: unknown = 'leaf';
      for (let i = 0; i < 70; i++) value = { inner: value };
      d.tags = { Deep: value };
    });
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({ found: 'a value nested 65 levels deep', allowed: 'at most 64 levels of nesting' }),
    ]);
  });

  test('nesting so deep the parser runs out of stack is a problem, not a crash', () => {
    fixture.write('batch-json/job-queue.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({ file: 'batch-json/job-queue.json', found: 'JSON nested too deeply to parse' }),
    ]);
  });

  test('a placeholder named like a property every object has ({constructor}) fills nothing', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.tags.Owner = '{constructor}';
    });
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({ jsonPath: '$.tags.Owner', found: 'the placeholder {constructor} that nothing fills' }),
    ]);
  });

  test('keys the layers repeat are overrides, not duplicates', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.tags.CostCenter = 'data-platform-dev';
    });
    const dev = loadConfiguration({ root: fixture.root, environments: ['dev'] }).environments[0]!;
    expect(dev.settings.tags.CostCenter).toBe('data-platform-dev');
  });
});
