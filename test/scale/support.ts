/**
 * Real server processes for the scale-out tests and the benchmark: `parcours serve` started
 * as deployed (its own process, its own pool), and the credentials a client needs (an
 * admin session for reads, an API token for ingestion), created in the database as an
 * administrator would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createSession, createToken, createUser, type Database } from '@parcours/db';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type ServerProcess = {
  base: string;
  child: ChildProcess;
  /** what the process printed (stdout and stderr), for failure messages */
  output: () => string;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the `parcours` CLI with these arguments; resolves with its exit code and output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** Starts `parcours serve` on a free port and waits until /healthz answers. */
export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PARCOURS_DATABASE_URL: databaseUrl,
      PORT: String(port),
      PARCOURS_HOST: '127.0.0.1',
      PARCOURS_WEB_ROOT: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, child, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the server did not start within 60 s:\n${output}`);
}

export type Credentials = {
  /** an administrator's session: cookie and CSRF header, for the dashboard API */
  read: Record<string, string>;
  /** an API token, for POST /api/v1/ingest/… */
  ingest: Record<string, string>;
};

/** An administrator, a session and an ingestion token, created straight in the database. */
export async function credentials(database: Database, label = 'scale'): Promise<Credentials> {
  const user = await createUser(database.db, {
    email: `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}@parcours.test`,
    name: `${label} tests`,
    role: 'admin',
    team_id: null,
    // a hash no password matches: this user never signs in with a password
    passwordHash: 'unusable',
  });
  const session = await createSession(database.db, user.id);
  const token = await createToken(database.db, `${label} tests`, user.email);
  return {
    read: { cookie: `parcours_session=${session.id}`, 'x-csrf-token': session.csrfToken },
    ingest: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
  };
}

/** POST a batch; throws with the server's answer when it is not a 200. */
export async function post(
  base: string,
  creds: Credentials,
  kind: string,
  records: unknown[],
): Promise<{ received: number; inserted: number; updated: number; unchanged: number }> {
  const res = await fetch(`${base}/api/v1/ingest/${kind}`, {
    method: 'POST',
    headers: creds.ingest,
    body: JSON.stringify({ records }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${kind} to ${base}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** GET a JSON answer with the administrator's session; throws unless it is a 200. */
export async function get<T = unknown>(base: string, creds: Credentials, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: creds.read });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} from ${base}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
