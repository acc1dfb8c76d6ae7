import { loadConfiguration } from '../../../main';
import { ConfigFixture } from '../../support/config-fixture';
import { loadProblems } from './loading';

const NONPROD_BUCKET = 's3://gss-terraform-state-111111111111';

describe('stacks never share a state: the resolved bucket and key of every stack of every environment differ', () => {
  let fixture: ConfigFixture;
  beforeEach(() => {
    fixture = ConfigFixture.copy();
  });
  afterEach(() => fixture.dispose());

  test('a key template without {environment} puts dev and staging (one account, one bucket) in one state', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.state.key_template = '{account}/{region}/{module}/terraform.tfstate';
    });
    expect(loadProblems(fixture)).toEqual([
      {
        file: 'config/defaults.json',
        jsonPath: '$.state.key_template',
        line: expect.any(Number),
        column: 5,
        found:
          '"{account}/{region}/{module}/terraform.tfstate", which gives staging-iam the state of dev-iam: ' +
          `${NONPROD_BUCKET}/nonprod/eu-west-1/iam/terraform.tfstate (and 4 more of its stacks share a state ` +
          `the same way)`,
        allowed:
          'a state per stack (stacks never share a state): a key_template with {environment}, a state bucket per ' +
          'environment, or state.keys that differ',
      },
    ]);
  });

  test('the same template with a bucket per environment keeps every state apart', () => {
    fixture.editJson('config/defaults.json', (d) => {
      d.state.key_template = '{account}/{region}/{module}/terraform.tfstate';
    });
    fixture.editJson('config/environments/staging.json', (d) => {
      d.state = { bucket: 'gss-staging-terraform-state' };
    });
    expect(loadConfiguration({ root: fixture.root }).environments).toHaveLength(3);
  });

  test('two exact keys that are one key', () => {
    fixture.editJson('config/environments/dev.json', (d) => {
      d.state = { keys: { sqs: 'legacy/queues.tfstate', batch: 'legacy/queues.tfstate' } };
    });
    expect(loadProblems(fixture, ['dev'])).toEqual([
      expect.objectContaining({
        file: 'config/environments/dev.json',
        jsonPath: '$.state.keys.batch',
        found:
          `"legacy/queues.tfstate", which gives dev-batch the state of dev-sqs: ` +
          `${NONPROD_BUCKET}/legacy/queues.tfstate`,
      }),
    ]);
  });

  test("an exact key that is another environment's templated key", () => {
    fixture.editJson('config/environments/staging.json', (d) => {
      d.state = { keys: { iam: 'nonprod/eu-west-1/dev/iam/terraform.tfstate' } };
    });
    expect(loadProblems(fixture)).toEqual([
      expect.objectContaining({
        file: 'config/environments/staging.json',
        jsonPath: '$.state.keys.iam',
        found: expect.stringContaining('which gives staging-iam the state of dev-iam'),
      }),
    ]);
  });
});
