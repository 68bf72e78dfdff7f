import type { SchemaObject } from '@nestjs/swagger';

export type { SchemaObject };

/**
 * Types of properties whose documented example is `null` (or an empty array): a null value says
 * nothing about the type, so it is looked up here by property name (a route's own hints first).
 * A property left out of both shows up as an untyped schema, which test/openapi-document checks refuse.
 */
export const NULLABLE_TYPES: Readonly<Record<string, SchemaObject>> = Object.freeze({
  variation: { type: 'string' },
  variation_id: { type: 'integer' },
  version: { type: 'string' },
  current_version: { type: 'string' },
  download_url: { type: 'string' },
  expires_at: { type: 'string' },
  created_at: { type: 'string' },
  updated_at: { type: 'string' },
  closed_at: { type: 'string' },
  deleted_at: { type: 'string' },
  activated_at: { type: 'string' },
  deactivated_at: { type: 'string' },
  date_expiry: { type: 'string' },
  date_activated: { type: 'string' },
  description: { type: 'string' },
  ip: { type: 'string' },
  ip_hash: { type: 'string' },
  note: { type: 'string' },
  api_url: { type: 'string' },
  item_id: { type: 'integer' },
  product_id: { type: 'integer' },
  license_key: { type: 'string' },
  product_title: { type: 'string' },
  variation_title: { type: 'string' },
  activation_limit: { type: 'integer' },
  activations_count: { type: 'integer' },
  premium_activation_id: { type: 'integer' },
  billing_length: { type: 'integer' },
  billing_interval: { type: 'string' },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  details: { type: 'string' },
  user_agent: { type: 'string' },
  license: { type: 'object', additionalProperties: true },
  draw: { type: 'integer' },
});

/**
 * A schema that describes `example` (types, nested objects, arrays, nullability), so a route
 * documented with a real answer also has a typed schema. Every property of an example object is
 * listed as required: the example is the whole answer. `hints` types nulls and empty arrays.
 */
export function schemaFromExample(example: unknown, hints: Record<string, SchemaObject> = {}, name?: string): SchemaObject {
  if (example === null) {
    const hint = name !== undefined ? (hints[name] ?? NULLABLE_TYPES[name]) : undefined;
    return hint ? { ...hint, nullable: true } : { nullable: true };
  }
  if (Array.isArray(example)) {
    if (example.length === 0) {
      const hint = name !== undefined ? (hints[`${name}[]`] ?? hints[name]) : undefined;
      return { type: 'array', items: hint ?? {} };
    }
    return { type: 'array', items: mergeAll(example.map((item) => schemaFromExample(item, hints, name))) };
  }
  switch (typeof example) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return Number.isInteger(example) ? { type: 'integer' } : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object': {
      const entries = Object.entries(example as Record<string, unknown>);
      return {
        type: 'object',
        ...(entries.length ? { required: entries.map(([k]) => k) } : {}),
        properties: Object.fromEntries(entries.map(([k, v]) => [k, schemaFromExample(v, hints, k)])),
      };
    }
    default:
      return {};
  }
}

/** Several shapes as one schema: identical ones once, else oneOf (a field's null and non-null examples merge). */
export function mergeAll(schemas: SchemaObject[]): SchemaObject {
  const distinct: SchemaObject[] = [];
  const bare = (x: SchemaObject) => JSON.stringify({ ...x, nullable: undefined });
  for (const s of schemas) {
    // null beside a typed value: the type, nullable
    if (s.nullable && !s.type && !s.oneOf) {
      if (distinct.length) distinct[0] = { ...distinct[0], nullable: true };
      else distinct.push(s);
      continue;
    }
    const untyped = distinct.findIndex((d) => d.nullable && !d.type && !d.oneOf);
    if (untyped >= 0) {
      distinct[untyped] = { ...s, nullable: true };
      continue;
    }
    const same = distinct.findIndex((d) => bare(d) === bare(s));
    if (same >= 0) {
      if (s.nullable) distinct[same] = { ...distinct[same], nullable: true };
      continue;
    }
    distinct.push(s);
  }
  if (distinct.length === 1) return distinct[0];
  // objects of one family (list items with optional fields): one object, keys required only when in all
  if (distinct.every((s) => s.type === 'object' && s.properties)) {
    const properties: Record<string, SchemaObject> = {};
    for (const s of distinct) for (const [k, v] of Object.entries(s.properties as Record<string, SchemaObject>)) properties[k] = properties[k] ? mergeAll([properties[k], v]) : v;
    const required = Object.keys(properties).filter((k) => distinct.every((s) => (s.required ?? []).includes(k)));
    const nullable = distinct.some((s) => s.nullable);
    return { type: 'object', ...(nullable ? { nullable } : {}), ...(required.length ? { required } : {}), properties };
  }
  // arrays of one family: one array of the merged items
  if (distinct.every((s) => s.type === 'array')) {
    const items = distinct.map((s) => s.items as SchemaObject).filter((i) => i && Object.keys(i).length > 0);
    return { type: 'array', items: items.length ? mergeAll(items) : {} };
  }
  if (distinct.every((s) => s.type === 'integer' || s.type === 'number')) return { type: 'number', ...(distinct.some((s) => s.nullable) ? { nullable: true } : {}) };
  return { oneOf: distinct };
}
