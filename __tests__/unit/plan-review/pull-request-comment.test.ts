import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { PLAN_COMMENT_MARKER } from '../../../lib/plan-review/plan-comment';
import { PROJECT_ROOT } from '../../support/config-fixture';

// Each case starts `npm run plan:post`'s entry point: Octokit is an ES module, which Jest's CommonJS runtime
// cannot load, so the real client runs in a child process against the fake GitHub below.
jest.setTimeout(60_000);

/** The part of GitHub's REST API the comment uses, in memory, on loopback: issue comments (two per page) and labels. */
class FakeGitHub {
  public readonly comments: { id: number; body: string }[] = [];
  public readonly labels = new Set<string>();
  public readonly requests: string[] = [];
  private server!: http.Server;
  private nextId = 100;

  public async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      req.on('end', () => this.answer(req, raw, res));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  public add(body: string): void {
    this.comments.push({ id: this.nextId++, body });
  }

  private answer(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const url = new URL(req.url!, 'http://localhost');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    // GitHub takes a token under either scheme: `token` (what Octokit sends) or `Bearer`.
    if (!/^(token|bearer) test-token$/i.test(req.headers.authorization ?? ''))
      return json(401, { message: 'Bad credentials' });
    const body = raw ? JSON.parse(raw) : undefined;
    let match: RegExpExecArray | null;
    if (req.method === 'GET' && url.pathname === '/repos/acme/platform/issues/7/comments') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = this.comments.slice((page - 1) * 2, page * 2);
      const comments = `http://${req.headers.host}/repos/acme/platform/issues/7/comments`;
      const link: Record<string, string> =
        page * 2 < this.comments.length
          ? { link: `<${comments}?per_page=2&page=${page + 1}>; rel="next", <${comments}?page=9>; rel="last"` }
          : {};
      return json(
        200,
        slice.map((c) => ({ ...c, html_url: `https://github.test/acme/platform/pull/7#issuecomment-${c.id}` })),
        link,
      );
    }
    if (req.method === 'POST' && url.pathname === '/repos/acme/platform/issues/7/comments') {
      this.add(body.body);
      const c = this.comments[this.comments.length - 1]!;
      return json(201, { ...c, html_url: `https://github.test/acme/platform/pull/7#issuecomment-${c.id}` });
    }
    if (req.method === 'PATCH' && (match = /^\/repos\/acme\/platform\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
      const c = this.comments.find((x) => x.id === Number(match![1]));
      if (!c) return json(404, { message: 'Not Found' });
      c.body = body.body;
      return json(200, { ...c, html_url: `https://github.test/acme/platform/pull/7#issuecomment-${c.id}` });
    }
    if (req.method === 'POST' && url.pathname === '/repos/acme/platform/issues/7/labels') {
      for (const l of body.labels) this.labels.add(l);
      return json(
        200,
        [...this.labels].map((name) => ({ name })),
      );
    }
    if (req.method === 'DELETE' && (match = /^\/repos\/acme\/platform\/issues\/7\/labels\/(.+)$/.exec(url.pathname))) {
      const name = decodeURIComponent(match[1]!);
      if (!this.labels.delete(name)) return json(404, { message: 'Label does not exist' });
      return json(200, []);
    }
    return json(404, { message: 'Not Found' });
  }
}

/** What a run of the command printed, and how it ended. */
interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs scripts/post-plan-comment.ts as the pull-request workflow does, with the environment GitHub Actions sets. */
function postPlanComment(args: readonly string[], env: Record<string, string>): Promise<Run> {
  // Not the event of a real workflow run, nor its token.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'GITHUB_EVENT_PATH' && name !== 'GITHUB_TOKEN'),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'post-plan-comment.ts'), ...args],
    { cwd: PROJECT_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('posting the plan comment on the pull request (Octokit against a fake GitHub)', () => {
  const github = new FakeGitHub();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-post-'));
  let env: Record<string, string>;
  const bodyFile = (name: string, text: string): string => {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    return file;
  };
  beforeAll(async () => {
    env = { GITHUB_API_URL: await github.start(), GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'acme/platform' };
  });
  afterAll(async () => {
    await github.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('the first run creates the comment; later runs update that one comment, found past the first page', async () => {
    github.add('LGTM');
    github.add('please rename the queue');
    github.add('one more remark');
    const first = await postPlanComment(
      ['--pr', '7', '--body-file', bodyFile('plan-1.md', `${PLAN_COMMENT_MARKER}\nplan 1`)],
      env,
    );
    expect(first).toMatchObject({ status: 0, stderr: '' });
    const created = github.comments.find((c) => c.body.includes(PLAN_COMMENT_MARKER))!;
    expect(first.stdout).toBe(
      `created the plan comment: https://github.test/acme/platform/pull/7#issuecomment-${created.id}\n`,
    );
    github.add('a reply after the plan');
    const second = await postPlanComment(
      ['--pr', '7', '--body-file', bodyFile('plan-2.md', `${PLAN_COMMENT_MARKER}\nplan 2`)],
      env,
    );
    expect(second).toMatchObject({ status: 0, stderr: '' });
    expect(second.stdout).toBe(
      `updated the plan comment: https://github.test/acme/platform/pull/7#issuecomment-${created.id}\n`,
    );
    expect(github.comments.filter((c) => c.body.includes(PLAN_COMMENT_MARKER)).map((c) => c.body)).toEqual([
      `${PLAN_COMMENT_MARKER}\nplan 2`,
    ]);
    // The plan comment is on page 2: the Link header was followed.
    expect(github.requests).toContain('GET /repos/acme/platform/issues/7/comments?per_page=2&page=2');
  });

  test('the destroy label is set when the plan destroys, and removed when it does not (absent or not)', async () => {
    const body = bodyFile('plan-label.md', `${PLAN_COMMENT_MARKER}\nplan`);
    const label = (on: 'true' | 'false') =>
      postPlanComment(['--pr', '7', '--body-file', body, '--label', 'destroys-resources', '--label-on', on], env);
    expect((await label('true')).stdout).toContain('label destroys-resources set\n');
    expect([...github.labels]).toEqual(['destroys-resources']);
    expect((await label('false')).status).toBe(0);
    const again = await label('false');
    expect(again).toMatchObject({ status: 0, stderr: '' });
    expect(again.stdout).toContain('label destroys-resources removed\n');
    expect([...github.labels]).toEqual([]);
  });

  test('an API refusal says what GitHub answered, in one line, without the token', async () => {
    const refused = await postPlanComment(
      ['--pr', '7', '--body-file', bodyFile('plan-refused.md', PLAN_COMMENT_MARKER)],
      { ...env, GITHUB_TOKEN: 'wrong-token' },
    );
    expect(refused.status).toBe(1);
    const request = `GET ${env.GITHUB_API_URL}/repos/acme/platform/issues/7/comments?per_page=100`;
    expect(refused.stderr).toBe(`error: GitHub API ${request} answered 401: {"message":"Bad credentials"}\n`);
    expect(refused.stderr).not.toContain('wrong-token');
    expect(refused.stdout).toBe('');
  });

  test('a comment without its marker is refused before anything is posted', async () => {
    const before = github.requests.length;
    const refused = await postPlanComment(['--pr', '7', '--body-file', bodyFile('no-marker.md', 'no marker')], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('the comment does not carry its marker');
    expect(github.requests.length).toBe(before);
  });
});
