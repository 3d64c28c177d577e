/**
 * The part of an OpenAPI 3 document the fuzzer needs: every operation with its
 * path, query and header parameters, its JSON request schema (refs resolved) and
 * whether it is secured.
 */

export interface Schema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly example?: unknown;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: string;
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly method: string; // upper case
  readonly path: string; // template, e.g. /api/v1/units/{id}
  readonly key: string; // "POST /api/v1/units/{id}/renaming"
  readonly pathParams: readonly Parameter[];
  readonly query: readonly Parameter[];
  readonly headers: readonly Parameter[];
  /** The resolved JSON request schema, when the operation takes a body. */
  readonly body?: Schema;
  readonly bodyRequired: boolean;
  readonly secured: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves `$ref` and merges `allOf` (depth-bounded against cycles). */
export function resolveSchema(doc: unknown, schema: unknown, depth = 0): Schema {
  if (!isRecord(schema) || depth > 20) return {};
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, part) => (isRecord(node) ? node[part] : undefined), doc);
    const { $ref: _ref, ...rest } = schema;
    return { ...resolveSchema(doc, target, depth + 1), ...(rest as Schema) };
  }
  let out: Schema = { ...(schema as Schema) };
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => resolveSchema(doc, part, depth + 1));
    const { allOf: _allOf, ...rest } = out;
    out = parts.reduce<Schema>(
      (acc, part) => ({
        ...acc,
        ...part,
        properties: { ...(acc.properties ?? {}), ...(part.properties ?? {}) },
        required: [...(acc.required ?? []), ...(part.required ?? [])],
      }),
      rest,
    );
    if (!out.properties || Object.keys(out.properties).length === 0) {
      const { properties: _p, required: _r, ...plain } = out;
      out = plain;
    }
  }
  if (out.properties) {
    out = {
      ...out,
      properties: Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)])),
    };
  }
  if (out.items) out = { ...out, items: resolveSchema(doc, out.items, depth + 1) };
  return out;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: unknown): Operation[] {
  if (!isRecord(doc) || !isRecord(doc.paths)) throw new Error('not an OpenAPI document: no paths');
  const globalSecurity = Array.isArray(doc.security) && doc.security.length > 0;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isRecord(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]
        .map((p) => resolveSchema(doc, p) as unknown)
        .filter(isRecord)
        .map(
          (p): Parameter => ({
            name: String(p.name),
            in: p.in as Parameter['in'],
            required: p.required === true,
            schema: resolveSchema(doc, p.schema),
          }),
        );
      let body: Schema | undefined;
      let bodyRequired = false;
      if (isRecord(op.requestBody)) {
        const content = op.requestBody.content;
        if (isRecord(content) && isRecord(content['application/json'])) {
          body = resolveSchema(doc, content['application/json'].schema);
          bodyRequired = op.requestBody.required !== false;
        }
      }
      const security = Array.isArray(op.security) ? op.security.length > 0 : globalSecurity;
      const upper = method.toUpperCase();
      operations.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body,
        bodyRequired,
        secured: security,
      });
    }
  }
  return operations;
}
