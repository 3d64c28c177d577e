import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * There is no Docker engine or Kubernetes cluster on the development and CI
 * machines: these checks parse the deploy/ files and hold them to what the README
 * says about them. They do not build or run anything.
 */
const root = path.resolve('deploy');

function load(file: string): Array<Record<string, unknown>> {
  const docs = parseAllDocuments(readFileSync(path.join(root, file), 'utf8'));
  for (const d of docs) expect(d.errors).toEqual([]);
  return docs.map((d) => d.toJS() as Record<string, unknown>).filter(Boolean);
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('deploy/ files', () => {
  it('compose.yaml parses and has PostgreSQL, KurrentDB (marked insecure), NATS JetStream, the API and the projector', () => {
    const [compose] = load('compose.yaml') as Obj[];
    expect(Object.keys(compose!.services).sort()).toEqual(['api', 'kurrentdb', 'nats', 'postgres', 'projector']);
    expect(compose!.services.kurrentdb.command).toContain('--insecure');
    expect(readFileSync(path.join(root, 'compose.yaml'), 'utf8')).toMatch(/INSECURE single node/);
    expect(compose!.services.nats.command).toContain('-js');
    expect(compose!.services.api.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(compose!.services.projector.command.join(' ')).toContain('dist/apps/projector/src/main.js');
  });

  it('the Kubernetes manifests parse and declare probes, resource requests, config references and non-root', () => {
    const files = readdirSync(path.join(root, 'k8s')).filter((f) => f.endsWith('.yaml'));
    const objects = files.flatMap((f) => load(path.join('k8s', f))) as Obj[];
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual([
      'ConfigMap/accountability-ledger',
      'Deployment/ledger-api',
      'Deployment/ledger-projector',
      'Secret/accountability-ledger',
      'Service/ledger-api',
    ]);
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const spec = deployment.spec.template.spec;
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      const [container] = spec.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'accountability-ledger' } },
        { secretRef: { name: 'accountability-ledger' } },
      ]);
      // The entry point named in the manifest is one the build produces.
      const entry = (container.args as string[]).find((a) => a.startsWith('dist/'))!;
      expect(existsSync(entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'))).toBe(true);
    }
    const service = objects.find((o) => o.kind === 'Service')!;
    const api = objects.find((o) => o.metadata.name === 'ledger-api' && o.kind === 'Deployment')!;
    expect(service.spec.selector).toEqual(api.spec.selector.matchLabels);
  });

  it('the Dockerfile is multi-stage on the Node 24 image and runs as a non-root user', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const stages = dockerfile.match(/^FROM\s+\S+/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/node:24/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/dist\/apps\/api\/src\/main\.js/);
  });
});
