import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../../lib/deployment/synth-target';
import { MOTO_INSTALL_COMMAND, startLocalAws } from '../../lib/local-aws/local-aws-process';

jest.setTimeout(60_000);

/**
 * The shims of scripts/local-aws/server.py patch private parts of moto 5.2.1 (docs/local-aws-shims.md),
 * so the launcher starts on that release alone. Another release is made here with moto's own
 * package and a sitecustomize module that changes the version it reports, as an upgrade would.
 */
describe('the local AWS on another moto release', () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'other-moto-'));
  afterAll(() => fs.rmSync(site, { recursive: true, force: true }));

  test('refuses moto 5.2.2, naming the release it needs and how to install it', async () => {
    fs.writeFileSync(path.join(site, 'sitecustomize.py'), 'import moto\nmoto.__version__ = "5.2.2"\n');
    // A server that starts anyway is stopped, so the test fails instead of leaving it running.
    const outcome = await startLocalAws({ env: { ...process.env, PYTHONPATH: site } }).then(
      async (localAws) => {
        await localAws.stop();
        return `started at ${localAws.endpoint}`;
      },
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(UsageError);
    expect((outcome as UsageError).message).toMatch(/ has moto 5\.2\.2; the shims are written for 5\.2\.1: /);
    expect((outcome as UsageError).message).toContain(MOTO_INSTALL_COMMAND);
  });
});
