import { optionalFlag, parseArgs, requireFlag, UsageError } from './args';

const create = { name: 'tenant:create', flags: { username: 'value', email: 'value', 'first-name': 'value' } } as const;
const product = { name: 'fluent:product:set', flags: { slug: 'value', active: 'switch', inactive: 'switch' } } as const;

describe('CLI argument parsing', () => {
  it('reads valued flags (space or =), switches and the common --json', () => {
    expect(parseArgs(create, ['--username', 'acme', '--email=ops@acme.test', '--json'])).toEqual({
      command: 'tenant:create',
      flags: { username: 'acme', email: 'ops@acme.test', json: true },
    });
    expect(parseArgs(product, ['--inactive', '--slug', 'appza']).flags).toEqual({ inactive: true, slug: 'appza' });
    expect(parseArgs(create, ['--username=']).flags).toEqual({ username: '' });
  });

  it('refuses a flag the command does not declare, naming it', () => {
    expect(() => parseArgs({ name: 'tenant:list', flags: {} }, ['--bogus'])).toThrow(new UsageError('Unknown flag --bogus'));
    expect(() => parseArgs(create, ['--username', 'a', '--scope=all'])).toThrow('Unknown flag --scope');
    // a flag of another command, or an inherited object key, is no flag of this one
    expect(() => parseArgs(create, ['--slug', 'x'])).toThrow('Unknown flag --slug');
    expect(() => parseArgs(create, ['--constructor', 'x'])).toThrow('Unknown flag --constructor');
  });

  it('refuses stray arguments, a value flag without its value, a switch with one, a flag given twice', () => {
    expect(() => parseArgs(create, ['acme'])).toThrow('Unexpected argument "acme"');
    expect(() => parseArgs(create, ['--username', '--json'])).toThrow('--username needs a value');
    expect(() => parseArgs(create, ['--username'])).toThrow('--username needs a value');
    expect(() => parseArgs(product, ['--active', 'true'])).toThrow('Unexpected argument "true"');
    expect(() => parseArgs(product, ['--json=false'])).toThrow('--json takes no value');
    expect(() => parseArgs(create, ['--username', 'a', '--username', 'b'])).toThrow('--username is given twice');
  });

  it('requireFlag and optionalFlag read what was parsed', () => {
    const args = parseArgs(create, ['--first-name', 'Ada', '--username=']);
    expect(() => requireFlag(args, 'username')).toThrow('--username is required');
    expect(() => requireFlag(args, 'email')).toThrow(UsageError);
    expect(optionalFlag(args, 'first-name')).toBe('Ada');
    expect(optionalFlag(parseArgs(create, []), 'first-name')).toBeUndefined();
  });
});
