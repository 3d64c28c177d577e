import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Characters that make two ids look the same or hide in one: controls, format
 * characters (zero-width space and joiners, word joiner, soft hyphen, BOM, the bidi
 * embeddings, overrides and isolates, U+200E/F marks), separators and other spaces,
 * and the fillers that render as nothing (Hangul fillers, braille blank).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Co}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/u;
/** Combining marks that render as nothing: the grapheme joiner and the variation selectors. */
const isInvisibleMark = (cp: number): boolean => cp === 0x034f || (cp >= 0x180b && cp <= 0x180e) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);

export interface PersonRefOptions {
  /** The field may also name the caller (who need not be in the staff directory: e.g. `assignedBy`). */
  readonly orCaller?: boolean;
  /** The field names a person only when this holds (e.g. a recipient whose kind is `person`). */
  readonly when?: (owner: Record<string, unknown>) => boolean;
  /** The property is a list of person ids. */
  readonly each?: boolean;
}

interface PersonRefMark extends PersonRefOptions {
  readonly property: string;
}

const PERSON_REFS = Symbol.for('accountability-ledger.personRefs');

/** The person-id fields of a DTO class (its own and inherited). */
export function personRefsOf(type: object): readonly PersonRefMark[] {
  return (Reflect.getMetadata(PERSON_REFS, type) as PersonRefMark[] | undefined) ?? [];
}

/** NFC, the one form ids are compared in. */
export function normalizePersonId(value: string): string {
  return value.normalize('NFC');
}

export function hasInvisibleCharacters(value: string): boolean {
  if (INVISIBLE.test(value)) return true;
  for (const ch of value) if (isInvisibleMark(ch.codePointAt(0)!)) return true;
  return false;
}

/**
 * Marks a DTO property that names a person (assignee, handoff target, council member,
 * recipient...). At the edge it is normalised to NFC and refused (400) if it carries
 * invisible or format characters; the PersonRefInterceptor then checks every marked
 * field of the request against the staff directory in one query (422 `unknown_person`
 * naming the field, never the person).
 */
export function PersonRef(options: PersonRefOptions = {}, validation?: ValidationOptions): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalizePersonId(value) : Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? normalizePersonId(v) : v)) : value,
  );
  const characters = ValidateBy(
    {
      name: 'personRef',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length > 0 && !hasInvisibleCharacters(value),
        defaultMessage: () => 'must be a person id without invisible, format or space characters',
      },
    },
    { ...validation, each: options.each },
  );
  return (target: object, property: string | symbol) => {
    transform(target, property);
    characters(target, property);
    const owner = target.constructor;
    const own = (Reflect.getOwnMetadata(PERSON_REFS, owner) as PersonRefMark[] | undefined) ?? [];
    const inherited = own.length === 0 ? personRefsOf(owner) : [];
    Reflect.defineMetadata(PERSON_REFS, [...inherited, ...own, { ...options, property: String(property) }], owner);
  };
}
