import * as fs from 'fs';
import { ConfigFixture } from '../../support/config-fixture';
import { loadProblems } from './loading';

// A broken file that several environments share is one problem, reported once: the environments
// stop at it instead of going on without it and reporting what its absence breaks.
describe('a broken file shared by several environments is reported once, not as follow-on errors', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test.each([
    ['a malformed account layer (dev and staging)', 'config/accounts/nonprod.json', '{ "account_id": '],
    ['an empty region layer (every environment)', 'config/regions/eu-west-1.json', '  \n'],
    ['a region layer that is a list', 'config/regions/eu-west-1.json', '[]'],
    ['a malformed compute environment (every queue names it)', 'batch-json/compute-environment.json', '{"type"'],
    ['a malformed job queue (every workflow names it)', 'batch-json/job-queue.json', '{,}'],
  ])('%s', (_name, file, text) => {
    fixture.write(file, text);
    expect(loadProblems(fixture).map((p) => p.file)).toEqual([file]);
  });

  test('a missing required batch-json file', () => {
    fixture.remove('batch-json/job-queue.json');
    expect(loadProblems(fixture).map((p) => [p.file, p.found])).toEqual([
      ['batch-json/job-queue.json', 'no such file'],
    ]);
  });

  test('a symbolic link loop for a batch-json file', () => {
    fixture.remove('batch-json/compute-environment.json');
    fs.symlinkSync('compute-environment.json', fixture.path('batch-json/compute-environment.json'));
    expect(loadProblems(fixture)).toHaveLength(1);
  });

  test('a project name that is not a string: no placeholder can be filled, but only the root is reported', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.project = ['gss'];
    });
    expect(loadProblems(fixture).map((p) => [p.file, p.jsonPath, p.found])).toEqual([
      ['config/defaults.json', '$.project', '["gss"]'],
    ]);
  });

  test('a variable that is not a string, used in every layer', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.variables.data_bucket = { name: 'gss-chunks' };
    });
    expect(loadProblems(fixture).map((p) => [p.jsonPath, p.allowed])).toEqual([
      ['$.variables.data_bucket', 'a string'],
    ]);
  });

  test('variables that refer to each other, used in many places: one problem, at the cycle', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.variables.data_bucket = '{chunk_bucket}';
      d.variables.chunk_bucket = '{data_bucket}-chunks';
    });
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({
        file: 'config/defaults.json',
        jsonPath: '$.variables.data_bucket',
        found: '"{chunk_bucket}", which refers back to itself: {data_bucket} -> {chunk_bucket} -> {data_bucket}',
      }),
    ]);
  });

  test('a value a later layer merges an object over, which would otherwise vanish unchecked', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.variables = 'data_bucket=gss-chunks';
    });
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({
        file: 'config/defaults.json',
        jsonPath: '$.variables',
        found: '"data_bucket=gss-chunks"',
        allowed: 'an object: config/regions/eu-west-1.json merges one over it ($.variables)',
      }),
    ]);
  });
});
