import { loadCorsConfig } from './cors.config';

describe('loadCorsConfig', () => {
  it('is off (no origins) unless CORS_ORIGINS is set', () => {
    expect(loadCorsConfig({}).origins).toEqual([]);
    expect(loadCorsConfig({ CORS_ORIGINS: '  ' }).origins).toEqual([]);
  });

  it('reads comma-separated origins, normalised the way browsers send them (lower-case host, no trailing slash)', () => {
    expect(loadCorsConfig({ CORS_ORIGINS: 'https://App.Example.com/, http://localhost:5173 ,https://app.example.com' }).origins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    expect(loadCorsConfig({ CORS_ORIGINS: '*' }).origins).toEqual(['*']);
  });

  it('refuses entries that are not bare origins, naming the variable and the entry', () => {
    expect(() => loadCorsConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow(/^Invalid configuration: CORS_ORIGINS .*"app.example.com"/);
    expect(() => loadCorsConfig({ CORS_ORIGINS: 'https://app.example.com/panel' })).toThrow(/CORS_ORIGINS .*no path/);
    expect(() => loadCorsConfig({ CORS_ORIGINS: 'ftp://files.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadCorsConfig({ CORS_ORIGINS: 'https://a.example.com?x=1' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadCorsConfig({ CORS_ORIGINS: '*,https://a.example.com' })).toThrow(/either \* or a list/);
  });
});
