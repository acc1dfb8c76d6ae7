import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, timeCommands } from '../../../lib/benchmark/command-timer';

describe('timeCommands', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'command-timer-'));
  const log = path.join(dir, 'order');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const command = (name: string) => ({
    name,
    command: [process.execPath, '-e', `require('fs').appendFileSync(${JSON.stringify(log)}, '${name}')`],
    cwd: dir,
  });

  test('runs the commands in alternation after one warm-up round, and times each measured run', () => {
    const [a, b] = timeCommands([command('a'), command('b')], 3);
    expect(fs.readFileSync(log, 'utf8')).toBe('abababab');
    expect(a!.runs).toHaveLength(3);
    expect(b!.runs).toHaveLength(3);
    expect(a!.median).toBe(median(a!.runs));
    expect(a!.peakMemoryMiB).toBeGreaterThan(0);
  });

  test('a failing command stops the run and says which', () => {
    expect(() =>
      timeCommands(
        [command('a'), { name: 'broken', command: [process.execPath, '-e', 'process.exit(3)'], cwd: dir }],
        1,
      ),
    ).toThrow('broken failed (exit 3)');
  });
});
