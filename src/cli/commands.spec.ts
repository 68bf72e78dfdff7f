import { COMMANDS } from './commands';

describe('CLI commands', () => {
  it('have unique names, and each shows exactly the flags it declares in its usage', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const command of COMMANDS) {
      const shown = [...new Set([...command.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))].sort();
      expect({ command: command.name, flags: shown }).toEqual({ command: command.name, flags: [...Object.keys(command.flags), 'json'].sort() });
    }
  });
});
