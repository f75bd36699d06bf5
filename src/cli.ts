import 'reflect-metadata';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { ApiTokensRepository } from './auth/api-tokens.repository.js';
import { ApiTokensService } from './auth/api-tokens.service.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigError, loadConfigFromProcess } from './config/load-config.js';
import { writeBackup } from './db/backup/backup.js';
import { restoreBackup } from './db/backup/restore.js';
import { openDatabase, type Database } from './db/database.js';
import { DeliveryCountsRepository } from './delivery/delivery-counts.repository.js';
import { migrate } from './db/migrator.js';
import { SystemClock } from './system/clock.js';
import { PASSWORD_LINK_HOURS } from './users/one-time-link.js';
import { SessionsRepository } from './users/sessions.repository.js';
import { UsersRepository } from './users/users.repository.js';
import { UserInputError, UsersService } from './users/users.service.js';

const USAGE = `Usage: npm run cli -- <command> [options]   (--help: this text)
  db:migrate                                   apply pending database migrations
  tokens:create --name <name> --role <admin|editor>   print a new API token (shown once)
  tokens:list                                  list tokens (without secrets)
  tokens:revoke <id>                           revoke a token
  users:create --email <email> --role <admin|editor> [--name <name>]
                                               create a console user; prints a one-time link to set the password
  users:reset-password --email <email>         print a new one-time password link (the old password stays until used)
  delivery:recount [--issue <id>]              rebuild the per-issue delivery counters from the ledger
  backup <file>                                write a consistent backup of all data (works while the service runs)
  restore <file>                               load a backup into an empty database (a fresh DATA_DIR)`;

type Command = (database: Database, config: AppConfig, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  'db:migrate': async (database) => {
    const applied = await migrate(database.db);
    print(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  },
  'tokens:create': async (database, config, args) => {
    const { values } = parseArgs({ args, options: { name: { type: 'string' }, role: { type: 'string' } } });
    if (!values.name) fail('--name is required');
    if (values.role !== 'admin' && values.role !== 'editor') fail('--role must be admin or editor');
    const { token, summary } = await tokenService(database, config).create(values.name, values.role);
    print(`Created ${summary.role} token "${summary.name}" (id ${summary.id}). It is shown only now:\n${token}`);
  },
  'tokens:list': async (database, config) => {
    for (const t of await tokenService(database, config).list()) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
      print(`${t.id}  ${t.role.padEnd(6)}  ${t.prefix}…  ${t.name}  (${state})`);
    }
  },
  backup: async (database, _config, args) => {
    if (!args[0]) fail('backup needs a file name');
    const out = createWriteStream(args[0], { mode: 0o600, flags: 'wx' });
    await once(out, 'open');
    const summary = await writeBackup(database.url, out);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    print(`backed up ${summary.rows} rows of ${summary.tables} tables to ${args[0]}`);
  },
  restore: async (database, _config, args) => {
    if (!args[0]) fail('restore needs a file name');
    const summary = await restoreBackup(database.url, createReadStream(args[0]));
    print(`restored ${summary.rows} rows of ${summary.tables} tables from ${args[0]}`);
  },
  'tokens:revoke': async (database, config, args) => {
    if (!args[0]) fail('tokens:revoke needs a token id');
    await tokenService(database, config).revoke(args[0]);
    print(`revoked ${args[0]}`);
  },
  'users:create': async (database, config, args) => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
    if (!values.email) fail('--email is required');
    if (values.role !== 'admin' && values.role !== 'editor') fail('--role must be admin or editor');
    try {
      const { user, link } = await usersService(database, config).invite(CLI_ACTOR, { email: values.email, name: values.name ?? values.email.split('@')[0], role: values.role });
      print(`Created ${user.role} ${user.email}. Send them this link to choose a password (valid ${PASSWORD_LINK_HOURS} h, once):\n${link}`);
    } catch (error) {
      if (error instanceof UserInputError) fail(`cannot create the user: ${error.problem}`);
      throw error;
    }
  },
  'users:reset-password': async (database, config, args) => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' } } });
    if (!values.email) fail('--email is required');
    const link = await usersService(database, config).resetLink(CLI_ACTOR, values.email);
    if (!link) fail(`no user with the email ${values.email}`);
    print(`Password link for ${values.email} (valid ${PASSWORD_LINK_HOURS} h, once; their sessions end when it is used):\n${link}`);
  },
  'delivery:recount': async (database, _config, args) => {
    const { values } = parseArgs({ args, options: { issue: { type: 'string' } } });
    if (values.issue !== undefined && !UUID.test(values.issue)) fail('--issue must be an issue id (a UUID)');
    await new DeliveryCountsRepository(database.db, database).recount(values.issue ?? null);
    print(values.issue ? `delivery counters of issue ${values.issue} rebuilt from the ledger` : 'delivery counters of every issue rebuilt from the ledger');
  },
};

/** Audit entries of CLI actions name the operator's shell, not a person. */
const CLI_ACTOR = { tokenId: null, name: 'cli', role: 'admin' } as const;

function usersService(database: Database, config: AppConfig): UsersService {
  const clock = new SystemClock();
  return new UsersService(new UsersRepository(database.db), new SessionsRepository(database.db), new AuditService(new AuditRepository(database.db), clock), clock, config);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tokenService(database: Database, config: AppConfig): ApiTokensService {
  return new ApiTokensService(new ApiTokensRepository(database.db), config);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(64); // EX_USAGE
}

const HELP_WORDS = new Set(['--help', '-h', 'help']);

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  // Help needs neither configuration nor a database, so it works on a fresh checkout.
  if ((name !== undefined && HELP_WORDS.has(name)) || args.includes('--help') || args.includes('-h')) {
    print(USAGE);
    return;
  }
  const command = name ? commands[name] : undefined;
  if (!command) fail(name ? `unknown command ${name}` : 'no command given');
  const config = loadConfigFromProcess();
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolMax: 2 });
  try {
    if (name !== 'db:migrate') await migrate(database.db);
    await command(database, config, args);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
