import { isRotationScope, kindsOfRotationScope, presentRotated, ROTATION_SCOPES } from './rotation-scopes';

describe('rotation scopes', () => {
  it('one scope names one credential; all names the six', () => {
    expect(kindsOfRotationScope('validation')).toEqual(['validation']);
    expect(kindsOfRotationScope('api')).toEqual(['api']);
    expect(kindsOfRotationScope('all').sort()).toEqual(['activation', 'api', 'creation', 'general', 'management', 'validation']);
    expect(ROTATION_SCOPES).toEqual(['all', 'api', 'creation', 'validation', 'activation', 'management', 'general']);
  });

  it('knows only its own scope names', () => {
    expect(isRotationScope('general')).toBe(true);
    expect(isRotationScope('secret')).toBe(false);
    expect(isRotationScope('constructor')).toBe(false);
  });

  it('shows only the rotated values, apiKey only when it was rotated', () => {
    expect(presentRotated({ validation: 'v' })).toEqual({ secretKeys: { validation: 'v' } });
    expect(presentRotated({ api: 'K7QX2M' })).toEqual({ apiKey: 'K7QX2M', secretKeys: {} });
  });
});
