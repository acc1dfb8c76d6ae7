import * as http from 'http';
import type { AddressInfo } from 'net';
import { PLAN_COMMENT_MARKER } from '../../../lib/plan-review/plan-comment';
import {
  GitHubApiError,
  type GitHubTarget,
  nextPage,
  setPullRequestLabel,
  upsertPullRequestComment,
} from '../../../lib/plan-review/pull-request-comment';

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
    if (req.headers.authorization !== 'Bearer test-token') return json(401, { message: 'Bad credentials' });
    const body = raw ? JSON.parse(raw) : undefined;
    let match: RegExpExecArray | null;
    if (req.method === 'GET' && url.pathname === '/repos/acme/platform/issues/7/comments') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = this.comments.slice((page - 1) * 2, page * 2);
      const link: Record<string, string> =
        page * 2 < this.comments.length
          ? {
              link: `<http://127.0.0.1/repos/acme/platform/issues/7/comments?per_page=2&page=${page + 1}>; rel="next", <http://x/?page=9>; rel="last"`.replace(
                'http://127.0.0.1',
                `http://${req.headers.host}`,
              ),
            }
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

describe('posting the plan comment on the pull request', () => {
  const github = new FakeGitHub();
  let target: GitHubTarget;
  beforeAll(async () => {
    target = { apiUrl: await github.start(), token: 'test-token', repository: 'acme/platform', pullRequest: 7 };
  });
  afterAll(() => github.stop());

  test('the first run creates the comment; later runs update that one comment, found by its marker past the first page', async () => {
    github.add('LGTM');
    github.add('please rename the queue');
    github.add('one more remark');
    const first = await upsertPullRequestComment(target, PLAN_COMMENT_MARKER, `${PLAN_COMMENT_MARKER}\nplan 1`);
    expect(first.action).toBe('created');
    github.add('a reply after the plan');
    const second = await upsertPullRequestComment(target, PLAN_COMMENT_MARKER, `${PLAN_COMMENT_MARKER}\nplan 2`);
    expect(second).toEqual({
      action: 'updated',
      id: first.id,
      url: `https://github.test/acme/platform/pull/7#issuecomment-${first.id}`,
    });
    expect(github.comments.filter((c) => c.body.includes(PLAN_COMMENT_MARKER)).map((c) => c.body)).toEqual([
      `${PLAN_COMMENT_MARKER}\nplan 2`,
    ]);
    // The plan comment is on page 2: the Link header was followed.
    expect(github.requests).toContain('GET /repos/acme/platform/issues/7/comments?per_page=2&page=2');
  });

  test('the destroy label is set when the plan destroys and removed when it no longer does, absent or not', async () => {
    await setPullRequestLabel(target, 'destroys-resources', true);
    expect([...github.labels]).toEqual(['destroys-resources']);
    await setPullRequestLabel(target, 'destroys-resources', false);
    await setPullRequestLabel(target, 'destroys-resources', false);
    expect([...github.labels]).toEqual([]);
  });

  test('a comment without its marker is refused; an API refusal says what GitHub answered', async () => {
    await expect(upsertPullRequestComment(target, PLAN_COMMENT_MARKER, 'no marker')).rejects.toThrow(
      'the comment does not carry its marker',
    );
    await expect(
      upsertPullRequestComment({ ...target, token: 'wrong' }, PLAN_COMMENT_MARKER, PLAN_COMMENT_MARKER),
    ).rejects.toThrow(GitHubApiError);
    await expect(
      upsertPullRequestComment({ ...target, token: 'wrong' }, PLAN_COMMENT_MARKER, PLAN_COMMENT_MARKER),
    ).rejects.toThrow(/answered 401: \{"message":"Bad credentials"\}/);
  });

  test('Link headers: the next page, or none', () => {
    expect(
      nextPage('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'),
    ).toBe('https://api.github.com/x?page=2');
    expect(nextPage('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPage(null)).toBeUndefined();
  });
});
