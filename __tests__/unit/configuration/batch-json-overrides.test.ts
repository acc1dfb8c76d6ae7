import * as fs from 'fs';
import { ConfigFixture } from '../../support/config-fixture';
import { loadProblems } from './loading';

const FILES =
  'batch-processing-job.json, batch-validation-job.json, compute-environment.json, job-queue.json, ' +
  'launch-template.json, log-groups.json';

describe("an environment's batch_json override names a file of batch-json/", () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('a typo in the file name is an error with the closest name, not a silently ignored override', () => {
    // One line, as a generator would write it.
    fixture.write(
      'config/environments/dev.json',
      JSON.stringify({
        ...JSON.parse(fs.readFileSync(fixture.path('config/environments/dev.json'), 'utf8')),
        batch_json: { 'compute-enviroment.json': { compute_resources: { max_vcpus: 64 } } },
      }),
    );
    expect(loadProblems(fixture, ['dev'])).toEqual([
      {
        file: 'config/environments/dev.json',
        jsonPath: '$.batch_json["compute-enviroment.json"]',
        line: 1,
        column: expect.any(Number),
        found: '"compute-enviroment.json", which is not a file of batch-json/',
        allowed: `"compute-environment.json" (closest match), or the name of a file of batch-json/: ${FILES}`,
      },
    ]);
  });

  test('an override of an optional file the configuration does not have', () => {
    fixture.editJson('config/environments/staging.json', (d) => {
      d.batch_json = { 'scheduling-policy.json': { fair_share_policy: { share_decay_seconds: 3600 } } };
    });
    expect(loadProblems(fixture, ['staging'])).toEqual([
      expect.objectContaining({
        file: 'config/environments/staging.json',
        jsonPath: '$.batch_json["scheduling-policy.json"]',
        found: '"scheduling-policy.json", which is not a file of batch-json/',
      }),
    ]);
  });

  test('a wrong name in a layer every environment shares is reported once', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.batch_json = { 'log-group.json': { log_groups: {} } };
    });
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({
        file: 'config/defaults.json',
        jsonPath: '$.batch_json["log-group.json"]',
        allowed: expect.stringMatching(/^"log-groups.json" \(closest match\)/),
      }),
    ]);
  });
});
