import { contentMatchesType, fileNameProblem, releaseFileType } from './file-types';

describe('release file names', () => {
  it('accepts plain names of release formats', () => {
    for (const ok of ['my-plugin-1.2.0.zip', 'App Setup 2.exe', 'tool_1.0.tar.gz', 'notes.md', 'café.zip']) {
      expect(fileNameProblem(ok)).toBeNull();
    }
  });

  it('refuses path traversal, paths and hidden names', () => {
    for (const bad of ['../evil.zip', '..\\evil.zip', 'a/b.zip', '/etc/passwd.zip', 'C:evil.zip', '.hidden.zip', 'x.zip.', '..', 'nul\u0000.zip', '']) {
      expect(fileNameProblem(bad)).not.toBeNull();
    }
  });

  it('refuses file types that are not release formats', () => {
    expect(fileNameProblem('page.html')).toMatch(/not accepted/);
    expect(fileNameProblem('script.php')).toMatch(/not accepted/);
    expect(fileNameProblem('.zip')).not.toBeNull();
  });

  it('picks the longest matching extension', () => {
    expect(releaseFileType('x.tar.gz')?.extension).toBe('.tar.gz');
    expect(releaseFileType('X.ZIP')?.contentType).toBe('application/zip');
  });
});

describe('release file content', () => {
  it('checks the signature of formats that have one', () => {
    const zip = releaseFileType('a.zip')!;
    expect(contentMatchesType(zip, Buffer.from('PK\x03\x04rest', 'latin1'))).toBe(true);
    expect(contentMatchesType(zip, Buffer.from('<html>not a zip</html>'))).toBe(false);
    const gz = releaseFileType('a.tgz')!;
    expect(contentMatchesType(gz, Buffer.from([0x1f, 0x8b, 8, 0]))).toBe(true);
  });

  it('refuses binary content in text formats', () => {
    const txt = releaseFileType('a.txt')!;
    expect(contentMatchesType(txt, Buffer.from('hello'))).toBe(true);
    expect(contentMatchesType(txt, Buffer.from([0x68, 0, 0x69]))).toBe(false);
  });
});
