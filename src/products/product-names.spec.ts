import { nameProblems, slugify, slugProblems } from './product-names';

describe('product names', () => {
  it('accepts ordinary names with spaces, dots and unicode', () => {
    expect(nameProblems('name', 'My Plugin Pro 2.0', 100)).toEqual([]);
    expect(nameProblems('name', 'Café Tools', 100)).toEqual([]);
  });

  it('refuses names that would break a URL path segment or are reserved', () => {
    for (const bad of ['', '   ', 'a/b', '..\\x', 'what?', 'tag#1', '100%', 'line\nbreak', 'all', 'ALL']) {
      expect(nameProblems('name', bad, 100).length).toBeGreaterThan(0);
    }
    expect(nameProblems('name', 'x'.repeat(101), 100)).toEqual(['name must be at most 100 characters']);
    expect(nameProblems('name', 42, 100)).toEqual(['name must be a string']);
  });
});

describe('slugs', () => {
  it('slugifies names to lower-case ASCII words', () => {
    expect(slugify('My Plugin Pro')).toBe('my-plugin-pro');
    expect(slugify('  Café -- Tools! ')).toBe('cafe-tools');
  });

  it('never produces a digits-only, empty or reserved slug', () => {
    expect(slugify('2024')).toBe('product-2024');
    expect(slugify('日本語')).toBe('product');
    expect(slugify('All')).toBe('product-all');
    expect(slugify('Pro', 'variation')).toBe('pro');
  });

  it('validates given slugs', () => {
    expect(slugProblems('slug', 'my-plugin')).toEqual([]);
    for (const bad of ['My-Plugin', 'my--plugin', '-x', 'x-', 'a b', '123', 'all', '']) {
      expect(slugProblems('slug', bad).length).toBeGreaterThan(0);
    }
  });
});
