// `policy-mesh keys create|list|show|revoke|rotate`: thin commands over ApiKeyService, the service
// the admin API calls. `--json` prints the API's body for the same thing; the key itself appears
// only in what create and rotate print, once.
import {
  ApiKeyService,
  DEFAULT_ROTATION_GRACE_SECONDS,
  type ApiKeyScope,
  type ApiKeyView,
} from '@app/identity';
import { Command, Option, SubCommand } from 'nest-commander';
import { CliLibraries } from '../libraries/cli-libraries';
import { OutputService } from '../output/output.service';
import { parseDuration, parseInstant } from '../options/time-options';
import { CliCommand, type CliOptions, CommandGroup } from './cli-command';
import { CliUsageError } from './cli-errors';

const LIST_COLUMNS = [
  'prefix',
  'name',
  'scopes',
  'status',
  'rpm',
  'tpm',
  'daily_cloud_usd',
  'local_only',
  'last_used_at',
];

function positiveInteger(value: unknown, flag: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CliUsageError(`${flag}: expected a positive integer, got "${value}"`);
  return number;
}

function usd(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0)
    throw new CliUsageError(`--daily-cloud-usd: expected a number >= 0, got "${value}"`);
  return number;
}

@SubCommand({ name: 'create', description: 'Create an API key (printed once, never again)' })
export class KeysCreateCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--name <name>', description: 'who or what uses the key (default with --admin: admin)' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--admin', description: 'scopes chat and admin (default: chat only)' })
  parseAdmin(): boolean {
    return true;
  }

  @Option({ flags: '--rpm <n>', description: 'requests per minute (each replica allows rpm / REPLICAS)' })
  parseRpm(value: string): string {
    return value;
  }

  @Option({ flags: '--tpm <n>', description: 'tokens per minute (likewise per replica)' })
  parseTpm(value: string): string {
    return value;
  }

  @Option({ flags: '--daily-cloud-usd <usd>', description: "the key's cloud budget per UTC day" })
  parseDailyCloudUsd(value: string): string {
    return value;
  }

  @Option({ flags: '--local-only', description: 'nothing this key sends may reach the cloud' })
  parseLocalOnly(): boolean {
    return true;
  }

  @Option({ flags: '--expires <when>', description: 'a date (2027-01-01) or a duration from now (90d)' })
  parseExpires(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print JSON (the POST /v1/keys body)' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const scopes: ApiKeyScope[] = options.admin === true ? ['chat', 'admin'] : ['chat'];
    // `policy-mesh keys create --admin` is the whole bootstrap; any other key says who uses it.
    const name =
      typeof options.name === 'string' ? options.name : options.admin === true ? 'admin' : undefined;
    if (name === undefined) throw new CliUsageError('--name: say who or what uses the key');
    const expires = typeof options.expires === 'string' ? expiryOf(options.expires) : undefined;
    const keys = await this.libraries.get('identity', ApiKeyService);
    const created = await keys.create({
      name,
      scopes,
      rpm: positiveInteger(options.rpm, '--rpm'),
      tpm: positiveInteger(options.tpm, '--tpm'),
      daily_cloud_usd: usd(options.dailyCloudUsd),
      local_only: options.localOnly === true,
      expires_at: expires,
    });
    if (options.json === true) {
      this.output.json(created);
      return;
    }
    this.output.line(created.key);
    this.output.error(
      `created key ${created.prefix} "${created.name}" (${created.scopes.join(', ')}), id ${created.id}: store it now, it is not shown again`,
    );
  }
}

/** `90d` from now, or a date. */
function expiryOf(text: string): Date {
  if (/^\d+(ms|s|m|h|d)$/.test(text)) return new Date(Date.now() + parseDuration(text, '--expires'));
  return parseInstant(text, '--expires');
}

@SubCommand({
  name: 'list',
  description: 'Every key: prefix, name, scopes, limits, last use (never the key)',
})
export class KeysListCommand extends CliCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--json', description: 'print JSON (the GET /v1/keys body)' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(_params: string[], options: CliOptions): Promise<void> {
    const items = await (await this.libraries.get('identity', ApiKeyService)).list();
    if (options.json === true) this.output.json({ items });
    else if (items.length === 0)
      this.output.line('no API keys (create one: policy-mesh keys create --name NAME)');
    else this.output.table(items as unknown as Record<string, unknown>[], LIST_COLUMNS);
  }
}

abstract class KeyReferenceCommand extends CliCommand {
  protected reference(params: string[]): string {
    const [reference] = params;
    if (reference === undefined || reference.trim() === '')
      throw new CliUsageError('name the key: its id, its public prefix (pm_…) or its name');
    return reference;
  }
}

@SubCommand({ name: 'show', arguments: '<key>', description: 'One key by id, public prefix or name' })
export class KeysShowCommand extends KeyReferenceCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  protected async execute(params: string[]): Promise<void> {
    const view: ApiKeyView = await (
      await this.libraries.get('identity', ApiKeyService)
    ).show(this.reference(params));
    this.output.json(view);
  }
}

@SubCommand({
  name: 'revoke',
  arguments: '<key>',
  description: 'Revoke a key (id, public prefix or name): refused on every replica within a second',
})
export class KeysRevokeCommand extends KeyReferenceCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({ flags: '--json', description: 'print JSON (the DELETE /v1/keys/:id body)' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(params: string[], options: CliOptions): Promise<void> {
    const view = await (await this.libraries.get('identity', ApiKeyService)).revoke(this.reference(params));
    if (options.json === true) this.output.json(view);
    else this.output.line(`revoked ${view.prefix} "${view.name}" (${view.id})`);
  }
}

@SubCommand({
  name: 'rotate',
  arguments: '<key>',
  description: 'A new key with the same attributes; the old one keeps working for the grace period',
})
export class KeysRotateCommand extends KeyReferenceCommand {
  constructor(output: OutputService, libraries: CliLibraries) {
    super(output, libraries);
  }

  @Option({
    flags: '--grace <duration>',
    description: `how long the old key keeps working (default ${DEFAULT_ROTATION_GRACE_SECONDS / 3600}h; 0s: stops now)`,
  })
  parseGrace(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print JSON (the POST /v1/keys/:id/rotate body)' })
  parseJson(): boolean {
    return true;
  }

  protected async execute(params: string[], options: CliOptions): Promise<void> {
    const grace =
      typeof options.grace === 'string'
        ? options.grace === '0'
          ? 0
          : Math.round(parseDuration(options.grace, '--grace') / 1000)
        : undefined;
    const rotated = await (
      await this.libraries.get('identity', ApiKeyService)
    ).rotate(this.reference(params), grace);
    if (options.json === true) {
      this.output.json(rotated);
      return;
    }
    this.output.line(rotated.key.key);
    this.output.error(
      `new key ${rotated.key.prefix} "${rotated.key.name}" (${rotated.key.id}): store it now; ${rotated.previous.prefix} works until ${rotated.previous.expires_at}`,
    );
  }
}

@Command({
  name: 'keys',
  description: 'API keys: create, list, show, revoke, rotate',
  subCommands: [KeysCreateCommand, KeysListCommand, KeysShowCommand, KeysRevokeCommand, KeysRotateCommand],
})
export class KeysCommand extends CommandGroup {}

export const KEYS_COMMANDS = [
  KeysCommand,
  KeysCreateCommand,
  KeysListCommand,
  KeysShowCommand,
  KeysRevokeCommand,
  KeysRotateCommand,
];
