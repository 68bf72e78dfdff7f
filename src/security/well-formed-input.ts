/**
 * Finds text that is not well-formed Unicode (a lone UTF-16 surrogate, which JSON's `\ud800`
 * escape or a form body can carry). Such strings break libraries that re-encode them (the
 * `validator` package behind class-validator's IsEmail throws a URIError), so they are refused
 * as bad input before any handler sees them. Returns the path of the first bad string or key.
 */
type WellFormed = string & { isWellFormed(): boolean };

const MAX_NODES = 100_000;

export function findIllFormedText(value: unknown, root: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  let visited = 0;
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (++visited > MAX_NODES) return undefined; // the body limit bounds this anyway
    if (typeof node === 'string') {
      if (!(node as WellFormed).isWellFormed()) return path;
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push([node[i], `${path}.${i}`]);
    } else if (node !== null && typeof node === 'object' && !Buffer.isBuffer(node)) {
      for (const key of Object.keys(node)) {
        if (!(key as WellFormed).isWellFormed()) return path;
        stack.push([(node as Record<string, unknown>)[key], `${path}.${key}`]);
      }
    }
  }
  return undefined;
}
