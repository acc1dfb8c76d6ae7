import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { withPluginCacheLock } from '../../../lib/terraform-cli/plugin-cache-lock';

describe('the plugin cache lock around terraform init', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-cache-lock-'));
  const cache = path.join(work, 'plugins');
  const env = { TF_PLUGIN_CACHE_DIR: cache };
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('inits sharing a cache run one at a time, and the lock is released after a failure', async () => {
    let running = 0;
    let most = 0;
    const init = (fail: boolean) =>
      withPluginCacheLock(env, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        if (fail) throw new Error('init failed');
        return 'done';
      });
    const results = await Promise.allSettled([init(false), init(true), init(false), init(false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(most).toBe(1);
    expect(fs.existsSync(path.join(cache, '.init-lock'))).toBe(false);
  });

  test('a lock left by a crashed run is taken over once stale', async () => {
    const lock = path.join(cache, '.init-lock');
    fs.mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(lock, old, old);
    await expect(withPluginCacheLock(env, async () => 'ran')).resolves.toBe('ran');
  });

  test('without a plugin cache, nothing to lock', async () => {
    await expect(withPluginCacheLock({}, async () => 'ran')).resolves.toBe('ran');
    expect(fs.readdirSync(work)).toEqual(['plugins']);
  });
});
