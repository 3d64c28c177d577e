/** The subset of JSON Schema (draft 2020-12) the event catalogue uses. */
export interface JsonSchema {
  readonly type?: JsonSchemaType | readonly JsonSchemaType[];
  readonly description?: string;
  readonly format?: 'date-time' | 'date';
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly const?: string | number | boolean | null;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
}

export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** One event type as the domain declares it (`DomainEvent<'Name', Data>` in an `<aggregate>.events.ts`). */
export interface EventSchemaSource {
  readonly type: string;
  /** Stream category: the prefix of the stream id (`assignment` for `assignment-<id>`), from the file name. */
  readonly category: string;
  readonly description: string;
  /** Where it is declared, relative to the repository root. */
  readonly declaredIn: string;
  readonly dataSchema: JsonSchema;
}
