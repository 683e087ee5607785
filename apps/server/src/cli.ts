/**
 * The `parcours` command line: serve, import CSV files, verify or rebuild rollups, load
 * the demo data, migrate. Run it as `pnpm parcours <command>`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  createToken,
  createUser,
  IngestError,
  importCsv,
  loadSettings,
  lockWriters,
  rebuildRollups,
  rollupsAreClean,
  verifyRollups,
  writeHandle,
} from '@parcours/db';
import { RECORD_KINDS, type RecordKind, ZUserInput } from '@parcours/domain';
import { hashPassword } from './auth/passwords.ts';
import { loadConfig } from './config.ts';
import { openAndMigrate } from './database.ts';
import { DEMO_SIZES, type DemoSize, seedDemo } from './demo-seed.ts';
import { startServer } from './main.ts';

const USAGE = `usage: pnpm parcours <command>

  serve [--demo] [--size small|default|large]   start the server (with --demo, load the demo
                                                data set into an empty database first)
  import <kind> <file.csv>                      import a CSV file; kind is one of
                                                ${RECORD_KINDS.join(', ')}
  rollups verify                                recompute the rollups and report differences
  rollups rebuild                               recompute and replace the rollups
  demo [--size small|default|large]             load the demo data set
  migrate                                       bring the database schema up to date
  users add <email> [--role admin|executive|team_lead|agent] [--team ID] [--name NAME]
                                                create a user (the first admin, say); the password
                                                is read from PARCOURS_PASSWORD or asked for
  tokens create <name>                          create an ingestion API token (printed once)

The database is PARCOURS_DATABASE_URL (a SQLite file path, or a postgres:// URL);
default ./data/parcours.db. Every command works on both engines.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function demoSize(value: string | undefined): DemoSize {
  const size = value ?? 'default';
  if (!(size in DEMO_SIZES)) fail(`--size must be one of ${Object.keys(DEMO_SIZES).join(', ')}`);
  return size as DemoSize;
}

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      size: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (command === 'serve') {
    await startServer(config, { demo: values.demo ? demoSize(values.size) : null });
    return;
  }
  // `migrate` applies pending migrations even when PARCOURS_AUTO_MIGRATE=0 (its purpose)
  const database = await openAndMigrate(config, { migrate: command === 'migrate' || config.autoMigrate });
  try {
    switch (command) {
      case 'migrate':
        console.log(`${database.description}: schema up to date`);
        break;
      case 'demo': {
        const r = await seedDemo(database, demoSize(values.size), {}, console.log);
        console.log(
          `loaded ${r.interactions} interactions, ${r.feedback} answers, ${r.goals} goals in ${(r.ms / 1000).toFixed(1)} s`,
        );
        break;
      }
      case 'import': {
        const [kind, file] = rest;
        if (!kind || !(RECORD_KINDS as readonly string[]).includes(kind))
          fail(`kind must be one of ${RECORD_KINDS.join(', ')}`);
        if (!file || !existsSync(file)) fail(`no such file: ${file ?? '(none)'}`);
        const started = performance.now();
        try {
          const r = await importCsv(database, kind as RecordKind, createReadStream(file), {
            onProgress: (n) => process.stderr.write(`\r${n.toLocaleString('en')} rows…`),
          });
          const s = (performance.now() - started) / 1000;
          process.stderr.write('\n');
          console.log(
            `${file}: ${r.received} rows (${r.inserted} new, ${r.updated} changed, ${r.unchanged} unchanged) in ${s.toFixed(1)} s`,
          );
        } catch (err) {
          if (!(err instanceof IngestError)) throw err;
          process.stderr.write('\n');
          console.error(`${file}: ${err.message}`);
          for (const d of err.details) console.error(`  row ${d.row}, column ${d.field}: ${d.reason}`);
          process.exitCode = 1;
        }
        break;
      }
      case 'rollups': {
        const { time_zone } = await loadSettings(database.db);
        if (rest[0] === 'verify') {
          const reports = await verifyRollups(database.db, time_zone);
          for (const r of reports) {
            console.log(
              `${r.grain.padEnd(16)} ${String(r.rows).padStart(9)} rows  missing ${r.missing}  extra ${r.extra}  different ${r.different}`,
            );
            for (const e of r.examples) console.log(`    ${e}`);
          }
          const clean = rollupsAreClean(reports);
          console.log(
            clean
              ? 'rollups match the raw records'
              : 'rollups DIFFER from the raw records: run `pnpm parcours rollups rebuild`',
          );
          if (!clean) process.exitCode = 1;
        } else if (rest[0] === 'rebuild') {
          const rows = await database.db.transaction().execute(async (trx) => {
            await lockWriters(trx, database.engine);
            return rebuildRollups(writeHandle(database, trx), time_zone);
          });
          console.log(`rollups rebuilt: ${rows} rows`);
        } else fail('usage: pnpm parcours rollups verify|rebuild');
        break;
      }
      case 'users': {
        const [action, email] = rest;
        if (action !== 'add' || !email)
          fail('usage: pnpm parcours users add <email> [--role …] [--team …] [--name …]');
        const password = process.env.PARCOURS_PASSWORD ?? (await askPassword());
        const input = ZUserInput.safeParse({
          email,
          name: values.name ?? email.split('@')[0],
          role: values.role ?? 'admin',
          team_id: values.team ?? null,
          password,
        });
        if (!input.success)
          fail(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
        const { password: clear, ...user } = input.data;
        const created = await createUser(database.db, { ...user, passwordHash: await hashPassword(clear) });
        console.log(`created ${created.role} ${created.email}`);
        break;
      }
      case 'tokens': {
        const [action, name] = rest;
        if (action !== 'create' || !name) fail('usage: pnpm parcours tokens create <name>');
        const token = await createToken(database.db, name, 'cli');
        console.log(`ingestion token "${token.name}" (shown once, store it now):\n${token.token}`);
        break;
      }
      default:
        fail(USAGE);
    }
  } finally {
    await database.close();
  }
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) fail('set PARCOURS_PASSWORD, or run this in a terminal to be asked');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // hide what is typed
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  process.stdout.write('password (12 characters or more): ');
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`parcours: ${(err as Error).message}`);
  process.exit(1);
});
