import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Issue 18 item 6: one Node everywhere. The tests run on the Node 24 that `npm install`
 * brings (node-linux-<arch>, linked as node_modules/.bin/node), the version the
 * `engines` field declares and the image uses; `devEngines` states what running npm
 * needs on a machine (Node 20+, npm 10+), which the README repeats.
 */
interface Pkg {
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string }; packageManager: { name: string; version: string } };
  optionalDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Pkg;

/** `>=24.11 <25` as numbers: [minMajor, minMinor, belowMajor]. */
function enginesRange(range: string): [number, number, number] {
  const m = /^>=(\d+)\.(\d+) <(\d+)$/.exec(range);
  if (!m) throw new Error(`engines.node "${range}" is not of the form ">=A.B <C"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
function satisfies(version: string, range: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
  const [minMajor, minMinor, belowMajor] = enginesRange(range);
  return (major > minMajor || (major === minMajor && minor >= minMinor)) && major < belowMajor;
}

describe('the Node runtime (issue 18 item 6)', () => {
  it('the tests run on a Node the engines field accepts: the one node-linux-<arch> brings', () => {
    expect(satisfies(process.version, pkg.engines.node)).toBe(true);
    const bundled = pkg.optionalDependencies[`node-linux-${process.arch}`];
    expect(bundled).toBeDefined();
    expect(process.version).toBe(`v${bundled}`);
  });

  it('every platform package brings the same Node, inside the engines range', () => {
    const versions = Object.entries(pkg.optionalDependencies).filter(([name]) => name.startsWith('node-linux-')).map(([, v]) => v);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(versions).size).toBe(1);
    expect(satisfies(versions[0]!, pkg.engines.node)).toBe(true);
    // What npm scripts run: node_modules/.bin/node.
    expect(execFileSync('node_modules/.bin/node', ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${versions[0]}`);
  });

  it('devEngines says what running npm needs, as the README does; the image and CI use the same Node 24', () => {
    expect(pkg.devEngines.runtime).toMatchObject({ name: 'node', version: '>=20' });
    expect(pkg.devEngines.packageManager).toMatchObject({ name: 'npm', version: '>=10' });
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('Node 20 or later with npm 10 or later to run `npm install`');
    expect(readme).toContain(`\`engines\`: \`${pkg.engines.node}\``);
    const [major] = enginesRange(pkg.engines.node);
    for (const from of readFileSync('deploy/Dockerfile', 'utf8').match(/^FROM \S+/gm) ?? []) expect(from).toMatch(new RegExp(`^FROM node:${major}\\b`));
    expect(readFileSync('.ci/run', 'utf8')).toContain("optionalDependencies['node-linux-' + process.arch]");
  });
});
