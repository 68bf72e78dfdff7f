import { DEFAULT_TENANT_SETTINGS } from '../tenants/tenant-settings';
import type { License } from './entities/license.entity';
import {
  API_CREATE_REQUIRED,
  completeNewLicense,
  CREATE_WIRE_FIELDS,
  EDIT_IGNORED_FIELDS,
  EDIT_WIRE_FIELDS,
  mergeLicenseEdit,
  parseLicenseInput,
  USER_CREATE_REQUIRED,
} from './license-fields';

const now = new Date('2026-06-01T12:00:00Z');
const settings = { ...DEFAULT_TENANT_SETTINGS };
const base = {
  license_status: 'active',
  license_type: 'lifetime',
  first_name: 'John',
  last_name: 'Doe',
  email: 'john@example.com',
  max_allowed_domains: '3',
  max_allowed_devices: 2,
  product_ref: 'my-product',
  txn_id: 'txn123',
  purchase_id_: 'purchase123',
};
const create = (raw: Record<string, unknown>, required = API_CREATE_REQUIRED) =>
  completeNewLicense(parseLicenseInput(raw, CREATE_WIRE_FIELDS), required, settings, now);

describe('license fields: create', () => {
  it('parses query strings and JSON numbers alike', () => {
    const { record, errors } = create(base);
    expect(errors).toEqual({});
    expect(record).toMatchObject({ maxAllowedDomains: 3, maxAllowedDevices: 2, status: 'active', itemReference: 'my-product', dateExpiry: null });
  });

  it('names every missing required field', () => {
    const { errors } = create({});
    expect(Object.keys(errors).sort()).toEqual(
      ['email', 'first_name', 'last_name', 'license_status', 'license_type', 'max_allowed_devices', 'max_allowed_domains', 'product_ref', 'purchase_id_', 'txn_id'].sort(),
    );
  });

  it('needs fewer fields on the tenant route and fills the tenant defaults', () => {
    const { record, errors } = create({ license_type: 'lifetime', first_name: 'A', last_name: 'B', email: 'a@b.co', product_ref: 'p' }, USER_CREATE_REQUIRED);
    expect(errors).toEqual({});
    expect(record).toMatchObject({ status: 'active', maxAllowedDomains: 1, maxAllowedDevices: 1, txnId: '', purchaseId: '' });
  });

  it('requires billing_length, billing_interval and date_expiry for a subscription', () => {
    expect(Object.keys(create({ ...base, license_type: 'subscription' }).errors).sort()).toEqual(['billing_interval', 'billing_length', 'date_expiry']);
    expect(create({ ...base, license_type: 'subscription', billing_length: 1, billing_interval: 'onetime', date_expiry: '2027-01-01' }).errors).toHaveProperty('billing_interval');
    const ok = create({ ...base, license_type: 'subscription', billing_length: '1', billing_interval: 'years', date_expiry: '2027-01-01 10:00:00' });
    expect(ok.errors).toEqual({});
    expect(ok.record.dateExpiry?.toISOString()).toBe('2027-01-01T10:00:00.000Z');
  });

  it("gives a trial without date_expiry the tenant's default trial length", () => {
    const { record } = create({ ...base, license_type: 'trial' });
    expect(record.dateExpiry?.toISOString()).toBe('2026-06-08T12:00:00.000Z');
  });

  it('drops date_expiry on a lifetime license', () => {
    expect(create({ ...base, date_expiry: '2020-01-01' }).record.dateExpiry).toBeNull();
  });

  it.each([
    ['max_allowed_domains', 'abc'],
    ['max_allowed_domains', '-1'],
    ['max_allowed_domains', 1.5],
    ['max_allowed_domains', '10001'],
    ['max_allowed_domains', true],
    ['first_name', 123],
    ['first_name', ['a', 'b']],
    ['first_name', { a: 1 }],
    ['first_name', 'x'.repeat(101)],
    ['first_name', "Robert'); DROP TABLE licenses;--"],
    ['first_name', '<script>alert(1)</script>'],
    ['first_name', 'Jo\u200bhn'],
    ['last_name', 'Doe\u0000'],
    ['email', 'not-an-email'],
    ['email', `${'a'.repeat(190)}@x.com`],
    ['company_name', '<b>Acme</b>'],
    ['company_name', 'Acme; DELETE FROM licenses'],
    ['license_type', 'forever'],
    ['license_status', 'ACTIVE'],
    ['billing_interval', 'fortnights'],
    ['date_expiry', '2026-02-30'],
    ['date_expiry', 'next week'],
    ['license_key', 'short'],
    ['license_key', 'has space in it ok'],
    ['license_key', 'Ω'.repeat(20)],
    ['txn_id', "1' OR '1'='1"],
    ['product_ref', '../../etc/passwd;'],
    ['until', '2.0<script>'],
  ])('rejects %s = %j naming the field', (field, value) => {
    const { errors } = create({ ...base, [field]: value });
    expect(errors[field]).toBeDefined();
  });

  it('accepts unicode names and identifiers', () => {
    const { errors, record } = create({ ...base, first_name: 'José María', last_name: "O'Brien-Łukasz", company_name: 'Müller & Söhne (GmbH)', txn_id: 'ORD#1234/5' });
    expect(errors).toEqual({});
    expect(record.firstName).toBe('José María');
  });

  it('refuses a date_expiry in the past unless the license is created as expired', () => {
    const past = { ...base, license_type: 'subscription', billing_length: 1, billing_interval: 'years', date_expiry: '2026-06-01 11:59:59' };
    expect(create(past).errors.date_expiry).toEqual([expect.stringMatching(/in the future/)]);
    expect(create({ ...past, license_type: 'trial' }).errors).toHaveProperty('date_expiry');
    expect(create({ ...past, license_status: 'pending' }).errors).toHaveProperty('date_expiry');
    expect(create({ ...past, date_expiry: '2026-06-01 12:00:00' }).errors).toHaveProperty('date_expiry'); // now is not the future
    expect(create({ ...past, license_status: 'expired' }).errors).toEqual({});
    expect(create({ ...past, date_expiry: '2026-06-01 12:00:01' }).errors).toEqual({});
    expect(create({ ...base, date_expiry: '2001-01-01' }).errors).toEqual({}); // lifetime ignores date_expiry
  });

  it('accepts what people are called in first_name and last_name', () => {
    for (const [first, last] of [['John', '3rd'], ['Anne (Ops)', 'Smith'], ['José', 'Núñez'], ['小龙', '李'], ['Mary', "O'Brien-Smith"]]) {
      expect(create({ ...base, first_name: first, last_name: last }).errors).toEqual({});
    }
  });

  it('rejects unknown fields', () => {
    expect(create({ ...base, is_admin: '1' }).errors).toHaveProperty('is_admin');
  });
});

describe('license fields: edit', () => {
  const current = {
    licenseKey: 'KEY12345678',
    status: 'active',
    type: 'lifetime',
    firstName: 'John',
    lastName: 'Doe',
    email: 'john@example.com',
    companyName: '',
    maxAllowedDomains: 1,
    maxAllowedDevices: 1,
    productRef: 'p',
    itemReference: 'p',
    txnId: 't',
    purchaseId: 'u',
    subscrId: '',
    billingLength: null,
    billingInterval: null,
    dateExpiry: null,
    until: '',
    currentVer: '',
    manualResetCount: 0,
  } as unknown as License;
  const edit = (raw: Record<string, unknown>) => mergeLicenseEdit(current, parseLicenseInput(raw, EDIT_WIRE_FIELDS, EDIT_IGNORED_FIELDS), settings, now);

  it('changes only the sent fields', () => {
    expect(edit({ license_key: 'KEY12345678', first_name: 'Jane' })).toEqual({ changes: { firstName: 'Jane' }, errors: {} });
  });

  it('validates the merged license as a whole', () => {
    expect(Object.keys(edit({ license_type: 'subscription' }).errors).sort()).toEqual(['billing_interval', 'billing_length', 'date_expiry']);
    expect(edit({ license_type: 'subscription', billing_length: 1, billing_interval: 'months', date_expiry: '2027-01-01' }).errors).toEqual({});
  });

  it('refuses to empty a required field', () => {
    expect(edit({ email: '' }).errors).toHaveProperty('email');
    expect(edit({ max_allowed_domains: '' }).errors).toHaveProperty('max_allowed_domains');
  });

  it('ignores read-only fields echoed back by panels', () => {
    expect(edit({ id: 5, date_created: 'x', first_name: 'Jane' }).errors).toEqual({});
  });

  it('keeps item_reference following product_ref when it did', () => {
    expect(edit({ product_ref: 'q' }).changes).toEqual({ productRef: 'q', itemReference: 'q' });
  });
});
