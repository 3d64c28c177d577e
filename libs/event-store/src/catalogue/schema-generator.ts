import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { EventSchemaSource, JsonSchema } from './json-schema.js';

/**
 * Derives the JSON Schema of every domain event's data from the TypeScript
 * declarations, so the catalogue cannot drift from the code: every
 * `export type X = DomainEvent<'X', {...}>` in `libs/domain/src/**\/<aggregate>.events.ts`
 * becomes one entry whose category is `<aggregate>` (the stream prefix, see
 * CONVENTIONS.md 2). Development-time only (it needs the `typescript` package);
 * its output is committed as `event-schemas.generated.ts` and a unit test
 * regenerates it and compares.
 */
export function generateEventSchemas(repoRoot: string): EventSchemaSource[] {
  const domainRoot = path.join(repoRoot, 'libs/domain/src');
  const files = findEventFiles(domainRoot);
  const deciders = files.map((f) => f.replace(/\.events\.ts$/, '.decide.ts')).filter((f) => fs.existsSync(f));
  const program = ts.createProgram([...files, ...deciders], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const out: EventSchemaSource[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`Cannot read ${file}`);
    const sibling = program.getSourceFile(file.replace(/\.events\.ts$/, '.decide.ts'));
    const streams = streamFunctions([source, ...(sibling ? [sibling] : [])]);
    const fallback = path.basename(file).replace(/\.events\.ts$/, '');
    const converter = new SchemaConverter(checker);
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement)) continue;
      const ref = statement.type;
      if (!ts.isTypeReferenceNode(ref) || ref.typeName.getText(source) !== 'DomainEvent' || ref.typeArguments?.length !== 2) continue;
      const [typeArg, dataArg] = ref.typeArguments;
      if (!typeArg || !dataArg || !ts.isLiteralTypeNode(typeArg) || !ts.isStringLiteral(typeArg.literal)) {
        throw new Error(`${statement.name.text} in ${file}: the event type must be a string literal`);
      }
      const type = typeArg.literal.text;
      if (type !== statement.name.text) throw new Error(`${file}: alias ${statement.name.text} declares event type '${type}'`);
      const symbol = checker.getSymbolAtLocation(statement.name);
      const description = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : '';
      const category = categoryFor(type, streams, fallback);
      out.push({
        type,
        category,
        description: description || `${type} (${category} stream).`,
        declaredIn: path.relative(repoRoot, file).split(path.sep).join('/'),
        dataSchema: converter.convert(dataArg),
      });
    }
  }
  return out.sort((a, b) => (a.category === b.category ? a.type.localeCompare(b.type) : a.category.localeCompare(b.category)));
}

/** `xxxStream(...)` functions returning `` `prefix-${...}` ``: name without `Stream` -> category (text before the first `-`). */
function streamFunctions(files: readonly ts.SourceFile[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    for (const st of file.statements) {
      if (!ts.isFunctionDeclaration(st) || !st.name || !st.name.text.endsWith('Stream') || !st.body) continue;
      const ret = st.body.statements.find(ts.isReturnStatement)?.expression;
      const head = ret && ts.isTemplateExpression(ret) ? ret.head.text : ret && ts.isNoSubstitutionTemplateLiteral(ret) ? ret.text : undefined;
      if (head && head.includes('-')) found.set(st.name.text.slice(0, -'Stream'.length), head.slice(0, head.indexOf('-')));
    }
  }
  return found;
}

/**
 * The category of the stream an event type goes to, as `categoryOf(streamId)` computes
 * it at run time: the stream function whose name matches the type
 * (`caseFileReadsStream` for `CaseFileRead`), else the only category of the file's
 * stream functions (`assignmentStream` for every assignment event), else the file name.
 */
function categoryFor(type: string, streams: ReadonlyMap<string, string>, fallback: string): string {
  const t = type.toLowerCase();
  const named = [...streams].filter(([base]) => t.startsWith(base.toLowerCase()) || base.toLowerCase().startsWith(t));
  if (named.length === 1) return named[0]![1];
  const distinct = new Set(streams.values());
  if (distinct.size === 1) return [...distinct][0]!;
  return fallback;
}

/** Every `*.events.ts` under the domain, new bounded contexts included. */
export function findEventFiles(domainRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.events.ts')) found.push(full);
    }
  };
  walk(domainRoot);
  return found.sort();
}

/** Event types named in `DomainEvent<'Name'` literals, read as text (the independent cross-check of the generator). */
export function scanDeclaredEventTypes(repoRoot: string): string[] {
  const types = new Set<string>();
  for (const file of findEventFiles(path.join(repoRoot, 'libs/domain/src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/DomainEvent<\s*'([A-Za-z0-9]+)'/g)) types.add(m[1]!);
  }
  return [...types].sort();
}

const FORMATS: Record<string, JsonSchema> = {
  Instant: { type: 'string', format: 'date-time' },
  LocalDate: { type: 'string', format: 'date' },
};

class SchemaConverter {
  constructor(private readonly checker: ts.TypeChecker) {}

  convert(node: ts.TypeNode, seen: ReadonlySet<ts.Symbol> = new Set()): JsonSchema {
    if (ts.isParenthesizedTypeNode(node)) return this.convert(node.type, seen);
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return this.convert(node.type, seen);
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: this.convert(node.elementType, seen) };
    if (ts.isTypeLiteralNode(node)) return this.object(node.members, seen);
    if (ts.isUnionTypeNode(node)) return this.union(node.types.map((t) => this.convert(t, seen)));
    if (ts.isIntersectionTypeNode(node)) return node.types.map((t) => this.convert(t, seen)).reduce((a, b) => intersect(a, b, node));
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (lit.kind === ts.SyntaxKind.NullKeyword) return { type: 'null' };
      if (lit.kind === ts.SyntaxKind.TrueKeyword) return { const: true };
      if (lit.kind === ts.SyntaxKind.FalseKeyword) return { const: false };
      if (ts.isStringLiteral(lit)) return { const: lit.text };
      if (ts.isNumericLiteral(lit)) return { const: Number(lit.text) };
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NullKeyword:
        return { type: 'null' };
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      const format = FORMATS[name];
      if (format) return format;
      if ((name === 'ReadonlyArray' || name === 'Array') && node.typeArguments?.[0]) {
        return { type: 'array', items: this.convert(node.typeArguments[0], seen) };
      }
      let symbol = this.checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const decl = symbol?.declarations?.[0];
      // A recursive type (a JSON value): any JSON from here down.
      if (symbol && seen.has(symbol)) return {};
      if (symbol && decl && !seen.has(symbol) && !node.typeArguments) {
        const next = new Set(seen).add(symbol);
        if (ts.isTypeAliasDeclaration(decl)) return this.convert(decl.type, next);
        if (ts.isInterfaceDeclaration(decl)) return this.object(decl.members, next);
      }
    }
    // Anything else (indexed access, typeof, ...): ask the checker for the resolved type.
    return this.fromType(this.checker.getTypeFromTypeNode(node), node);
  }

  private object(members: ts.NodeArray<ts.TypeElement>, seen: ReadonlySet<ts.Symbol>): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let additional: JsonSchema | false = false;
    for (const member of members) {
      if (ts.isIndexSignatureDeclaration(member)) {
        additional = this.convert(member.type, seen);
        continue;
      }
      if (!ts.isPropertySignature(member) || !member.type) {
        throw new Error(`Only plain properties are allowed in event data: ${member.getText()}`);
      }
      // `x?: undefined` makes a property forbidden in that branch of a union: leave it out (additionalProperties is false).
      if (member.type.kind === ts.SyntaxKind.UndefinedKeyword) continue;
      const name = member.name.getText();
      const symbol = this.checker.getSymbolAtLocation(member.name);
      const doc = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim() : '';
      const schema = this.convert(member.type, seen);
      properties[name] = doc ? { ...schema, description: doc } : schema;
      if (!member.questionToken) required.push(name);
    }
    return { type: 'object', properties, required, additionalProperties: additional };
  }

  private union(parts: JsonSchema[]): JsonSchema {
    const flat = parts.flatMap((p) => (p.anyOf && Object.keys(p).length === 1 ? p.anyOf : [p]));
    const isLiteral = (p: JsonSchema): boolean => Object.keys(p).length === 1 && 'const' in p;
    const isEnum = (p: JsonSchema): boolean => Object.keys(p).length === 1 && 'enum' in p;
    if (flat.every((p) => isLiteral(p) || isEnum(p))) {
      const values = flat.flatMap((p) => (p.enum ? p.enum : [p.const!]));
      if (values.every((v) => typeof v === 'boolean') && new Set(values).size === 2) return { type: 'boolean' };
      return { enum: [...new Set(values)] };
    }
    const simple = flat.every((p) => Object.keys(p).length === 1 && typeof p.type === 'string');
    if (simple) return { type: [...new Set(flat.map((p) => p.type as string))] as JsonSchema['type'] };
    const nullable = flat.filter((p) => p.type === 'null');
    const rest = flat.filter((p) => p.type !== 'null');
    if (nullable.length && rest.length === 1 && typeof rest[0]!.type === 'string') {
      const only = rest[0]!;
      return { ...only, type: [only.type as 'string', 'null'], ...(only.enum ? { enum: [...only.enum, null] } : {}) };
    }
    if (nullable.length && rest.length > 0 && rest.every((p) => isLiteral(p) || isEnum(p))) {
      return { enum: [...new Set([...rest.flatMap((p) => (p.enum ? p.enum : [p.const!])), null])] };
    }
    return { anyOf: flat };
  }

  private fromType(type: ts.Type, node: ts.TypeNode): JsonSchema {
    if (type.isUnion()) return this.union(type.types.map((t) => this.fromType(t, node)));
    if (type.isStringLiteral()) return { const: type.value };
    if (type.isNumberLiteral()) return { const: type.value };
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & ts.TypeFlags.BooleanLiteral) return { const: this.checker.typeToString(type) === 'true' };
    if (type.flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.flags & ts.TypeFlags.Null) return { type: 'null' };
    throw new Error(`Cannot derive a JSON Schema for '${node.getText()}' (${this.checker.typeToString(type)}); keep event data plain`);
  }
}

/** `A & B` of object schemas, distributed over unions (`(X | Y) & Z` = `X&Z | Y&Z`). */
function intersect(a: JsonSchema, b: JsonSchema, node: ts.Node): JsonSchema {
  if (a.anyOf) return { anyOf: a.anyOf.map((x) => intersect(x, b, node)) };
  if (b.anyOf) return { anyOf: b.anyOf.map((x) => intersect(a, x, node)) };
  if (a.type !== 'object' || b.type !== 'object') throw new Error(`Only object types can be intersected in event data: ${node.getText()}`);
  return {
    type: 'object',
    properties: { ...a.properties, ...b.properties },
    required: [...new Set([...(a.required ?? []), ...(b.required ?? [])])],
    additionalProperties: false,
  };
}

/** Source text of `event-schemas.generated.ts` for the given sources. */
export function renderGeneratedModule(sources: readonly EventSchemaSource[]): string {
  return [
    '// Generated by `npm run asyncapi` from the domain event declarations (libs/event-store/src/catalogue/schema-generator.ts).',
    '// Do not edit: catalogue.spec.ts regenerates it and fails when it differs.',
    "import type { EventSchemaSource } from './json-schema.js';",
    '',
    `export const GENERATED_EVENT_SCHEMAS: readonly EventSchemaSource[] = ${JSON.stringify(sources, null, 2)};`,
    '',
  ].join('\n');
}
