import { ValidateBy, type ValidationOptions } from 'class-validator';
import { EARLIEST_YEAR, isInstant, isRepresentableDate, isRepresentableInstant, LATEST_YEAR } from '#domain';

/**
 * An ISO 8601 instant with a time part, in the years the record can hold
 * (EARLIEST_YEAR..LATEST_YEAR): the one validator for every instant a DTO field or a
 * query parameter carries, so an instant the read side cannot represent is a 400
 * naming the field, never a 500 or a wedged projection (issue 12).
 * `formatLeftToDomain`: a value that is not an instant at all passes, for fields whose
 * absence or malformation the domain reports in its own words (the "6 clear").
 */
export function IsBoundedInstant(options: { formatLeftToDomain?: boolean } = {}, validation?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBoundedInstant',
      validator: {
        validate: (value: unknown) => isRepresentableInstant(value) || (options.formatLeftToDomain === true && !isInstant(value)),
        defaultMessage: () => `must be an ISO 8601 instant with a time (e.g. 2026-03-05T09:00:00Z) in the years ${EARLIEST_YEAR}..${LATEST_YEAR}`,
      },
    },
    validation,
  );
}

/** A calendar date `YYYY-MM-DD` in the years EARLIEST_YEAR..LATEST_YEAR (a real date: no 2026-02-30). */
export function IsBoundedDate(validation?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBoundedDate',
      validator: {
        validate: (value: unknown) => isRepresentableDate(value),
        defaultMessage: () => `must be a date YYYY-MM-DD in the years ${EARLIEST_YEAR}..${LATEST_YEAR}`,
      },
    },
    validation,
  );
}
