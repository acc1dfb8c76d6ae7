import * as fs from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { PROJECT_ROOT } from '../../support/config-fixture';

describe("the app validates its configuration with Zod's JIT off", () => {
  test('main.ts imports the settings first, before any module builds a schema', () => {
    const firstImport = fs
      .readFileSync(path.join(PROJECT_ROOT, 'main.ts'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('import '));
    expect(firstImport).toBe("import './lib/configuration/zod-settings';");
  });

  test('once main is loaded, Zod runs jitless', async () => {
    await import('../../../main');
    expect(z.config().jitless).toBe(true);
  });
});
