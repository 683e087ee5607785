/**
 * `pnpm parcours import` as an operator runs it: its exit code and the lines it prints,
 * on a fresh SQLite file. The import itself runs on both engines in
 * packages/db/src/ingest/csv.test.ts; what is checked here does not depend on the engine,
 * and each run of the CLI costs seconds, so the PostgreSQL project skips this file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseUrl } from '@parcours/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `parcours import departments <file>` on `text`: exit code, stdout, stderr. */
function importFile(text: string): Promise<{ code: number | null; out: string; err: string }> {
  const file = join(dir, 'departments.csv');
  writeFileSync(file, text);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/cli.ts', 'import', 'departments', file],
    {
      cwd: ROOT,
      env: { ...process.env, PARCOURS_DATABASE_URL: join(dir, 'parcours.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe.skipIf(testDatabaseUrl() !== null)('parcours import', () => {
  it('an empty file has no header: an error, exit code 1', async () => {
    const r = await importFile('');
    expect(r.code).toBe(1);
    expect(r.err).toContain('departments.csv: the file is empty: it has no header line; nothing was written');
    expect(r.err).toContain('row 1, column (header): the first line must name the columns');
    expect(r.out).not.toContain('0 rows');
  });

  it('a header-only file imports 0 rows, exit code 0', async () => {
    const r = await importFile('id,name\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/departments\.csv: 0 rows \(0 new, 0 changed, 0 unchanged\)/);
  });

  it('a stray quote is reported as row N, column C, exit code 1', async () => {
    const r = await importFile('id,name\nops,Op"érations\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('departments.csv: the file is not valid CSV at line 2; nothing was written');
    expect(r.err).toMatch(/^ {2}row 2, column name: .*quote/im);
  });
});
