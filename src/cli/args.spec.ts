import { optionalFlag, parseArgs, requireFlag, UsageError } from './args';

describe('CLI argument parsing', () => {
  it('reads the command, valued flags (space or =) and boolean flags', () => {
    expect(parseArgs(['tenant:create', '--username', 'acme', '--email=ops@acme.test', '--json'])).toEqual({
      command: 'tenant:create',
      flags: { username: 'acme', email: 'ops@acme.test', json: true },
    });
  });

  it('treats a flag followed by another flag as boolean', () => {
    expect(parseArgs(['x', '--json', '--username', 'a']).flags).toEqual({ json: true, username: 'a' });
  });

  it('rejects a stray positional argument', () => {
    expect(() => parseArgs(['tenant:create', 'acme'])).toThrow(UsageError);
  });

  it('requires flags with values', () => {
    const args = parseArgs(['x', '--username', '--json']);
    expect(() => requireFlag(args, 'username')).toThrow('--username is required');
    expect(() => requireFlag(args, 'email')).toThrow(UsageError);
    expect(optionalFlag(parseArgs(['x', '--first-name', 'Ada']), 'first-name')).toBe('Ada');
    expect(optionalFlag(args, 'first-name')).toBeUndefined();
  });
});
