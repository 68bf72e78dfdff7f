import { schemaFromExample } from './schema-from-example';

describe('schemaFromExample', () => {
  it('types scalars, nested objects and arrays, every key of an example object required', () => {
    expect(schemaFromExample({ a: 'x', n: 2, f: 1.5, b: true, list: [{ id: 1 }] })).toEqual({
      type: 'object',
      required: ['a', 'n', 'f', 'b', 'list'],
      properties: {
        a: { type: 'string' },
        n: { type: 'integer' },
        f: { type: 'number' },
        b: { type: 'boolean' },
        list: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
      },
    });
  });

  it('types a null by its name (hints first, then the shared table), as OAS 3.0 nullable', () => {
    expect(schemaFromExample({ variation: null, size: null }, { size: { type: 'integer' } }).properties).toEqual({
      variation: { type: 'string', nullable: true },
      size: { type: 'integer', nullable: true },
    });
    expect(schemaFromExample({ mystery: null }).properties).toEqual({ mystery: { nullable: true } });
  });

  it('merges list items: a value null in one item and set in another is nullable, keys missing somewhere optional', () => {
    const items = schemaFromExample([{ v: 'a', x: 1 }, { v: null }]).items;
    expect(items).toEqual({ type: 'object', required: ['v'], properties: { v: { type: 'string', nullable: true }, x: { type: 'integer' } } });
  });
});
