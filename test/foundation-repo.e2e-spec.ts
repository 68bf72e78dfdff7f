import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import semver from 'semver';

/**
 * Offline checks of the files users start from: docker-compose.yml (no Docker engine in CI, so
 * its structure is checked after parsing it with js-yaml, which @nestjs/swagger pins), the
 * Dockerfile, .env.example, and the README's configuration table against the variables that
 * src/config actually reads.
 */
const root = process.cwd();
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('foundation: docker-compose.yml, Dockerfile and README stay usable', () => {
  const compose = load(read('docker-compose.yml')) as any;

  it('runs MySQL 8 with a healthcheck and a persistent volume', () => {
    const db = compose.services.db;
    expect(db.image).toMatch(/^mysql:8(\.|$)/);
    expect(db.environment).toMatchObject({ MYSQL_DATABASE: 'license', MYSQL_USER: 'license' });
    expect(db.environment.MYSQL_PASSWORD).toBeDefined();
    expect(db.environment.MYSQL_ROOT_PASSWORD).toBeDefined();
    expect(db.healthcheck.test.join(' ')).toContain('mysqladmin ping');
    expect(db.volumes.map((v: string) => v.split(':')[0])).toContain('db-data');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['db-data', 'app-data']));
  });

  it('builds the app from the Dockerfile and starts it only once MySQL is healthy', () => {
    const app = compose.services.app;
    expect(app.build).toBe('.');
    expect(app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(app.ports).toEqual(['${APP_PORT:-3000}:3000']);
    expect(app.healthcheck.test.join(' ')).toContain('/health');
  });

  it('passes the production configuration: MySQL URL to the db service, MASTER_KEY required from the env', () => {
    const env = compose.services.app.environment;
    expect(env.NODE_ENV).toBe('production');
    expect(env.PORT).toBe('3000');
    expect(env.DATABASE_URL).toBe('mysql://license:${MYSQL_PASSWORD:-license}@db:3306/license');
    // `${VAR:?msg}` makes compose refuse to start without it (the app would refuse too)
    expect(env.MASTER_KEY).toMatch(/^\$\{MASTER_KEY:\?.+\}$/);
    expect(env.ADMIN_TOKEN).toBe('${ADMIN_TOKEN:-}');
    // the same password default on both sides
    expect(compose.services.db.environment.MYSQL_PASSWORD).toBe('${MYSQL_PASSWORD:-license}');
  });

  it('is accepted by docker-compose itself where it is installed (the structure checks above run everywhere)', () => {
    const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (probe.error) return; // not installed (CI has no Docker): nothing more to run
    const env = { PATH: process.env.PATH ?? '', MASTER_KEY: 'ab'.repeat(32) };
    const ok = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, env, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const missingKey = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, env: { PATH: env.PATH }, encoding: 'utf8' });
    expect(missingKey.status).not.toBe(0);
    expect(missingKey.stderr).toContain('MASTER_KEY');
  });

  it('lists every compose variable in .env.example', () => {
    const used = new Set([...read('docker-compose.yml').matchAll(/\$\{([A-Z_]+)[:}]/g)].map((m) => m[1]));
    const example = read('.env.example');
    for (const name of used) expect(`${name}: ${new RegExp(`^#? ?${name}=`, 'm').test(example)}`).toBe(`${name}: true`);
  });

  it('has a Dockerfile that builds, runs as non-root and starts the compiled server', () => {
    const dockerfile = read('Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const image of froms) expect(image).toMatch(/^node:(2[0-9])/);
    expect(dockerfile).toMatch(/RUN npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
    // every file the build copies exists
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const file of m[1].split(/\s+/)) expect(readdirSync(root)).toContain(file);
    }
    const ignore = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.env', 'master.key']) expect(ignore).toContain(entry);
  });

  it('documents every variable that src/config reads in the README configuration table', () => {
    const configDir = join(root, 'src/config');
    const sources = readdirSync(configDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => readFileSync(join(configDir, f), 'utf8'))
      .join('\n');
    const variables = [...new Set([...sources.matchAll(/\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]))];
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'MASTER_KEY', 'ADMIN_TOKEN']));
    // the first cell of a table row names the variable(s): "| `PORT` |" or "| `A` / `B` |"
    const firstCells = read('README.md')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split(' | ')[0]);
    const undocumented = variables.filter((v) => !firstCells.some((cell) => cell.includes(`\`${v}\``)));
    expect(undocumented).toEqual([]);
  });

  it("backs the README's first commands with package.json scripts", () => {
    const readme = read('README.md');
    const scripts = JSON.parse(read('package.json')).scripts;
    const head = readme.slice(0, readme.indexOf('## '));
    expect(head).toContain('npm install && npm start');
    expect(head).toContain('npm test');
    expect(head).toContain('npm run -s cli -- tenant:create');
    for (const script of ['start', 'test', 'cli', 'migration:run', 'test:e2e:mysql']) expect(scripts[script]).toBeDefined();
  });

  it("stands alone: the docs cite nothing outside the repository (no DECISIONS, no ../shared)", () => {
    for (const file of ['README.md', 'docs/compat.md', 'CHANGELOG.md']) {
      const text = read(file);
      expect(`${file}: ${(text.match(/DECISIONS|\.\.\/shared\//g) ?? []).join(', ')}`).toBe(`${file}: `);
    }
  });

  it('has the MIT LICENSE package.json names, and a CHANGELOG with an Unreleased section', () => {
    expect(JSON.parse(read('package.json')).license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4}/);
    expect(read('LICENSE')).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain('## [Unreleased]');
  });

  it("runs on Node 22 LTS: the image is node:22, and engines admits no Node that a direct dependency's engines refuses", () => {
    for (const m of read('Dockerfile').matchAll(/^FROM (\S+)/gm)) expect(m[1]).toMatch(/^node:22-/);
    const pkg = JSON.parse(read('package.json'));
    const ours: string = pkg.engines.node;
    expect(semver.satisfies('22.13.0', ours) && semver.satisfies('20.19.0', ours)).toBe(true);
    const refused = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((name) => {
      const file = join(root, 'node_modules', name, 'package.json');
      if (!existsSync(file)) return [];
      const theirs = JSON.parse(readFileSync(file, 'utf8')).engines?.node;
      return theirs && !semver.subset(ours, theirs) ? [`${name}: ${theirs}`] : [];
    });
    expect(refused).toEqual([]);
  });

  it('leaves npm its normal output (no project .npmrc json mode) and writes `npm run -s cli` wherever it parses --json', () => {
    // json=true in a project .npmrc turned `npm install` into thousands of lines of JSON
    const npmrc = existsSync(join(root, '.npmrc')) ? read('.npmrc') : '';
    expect(npmrc).not.toMatch(/^\s*json\s*=/m);
    for (const file of ['README.md', 'docs/compat.md']) {
      const unsilenced = [...read(file).matchAll(/npm run cli -- [^`\n]*--json/g)].map((m) => m[0]);
      expect(`${file}: ${unsilenced.join(', ')}`).toBe(`${file}: `);
    }
  });
});
