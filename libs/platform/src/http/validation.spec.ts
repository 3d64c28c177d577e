import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, ValidateNested } from 'class-validator';
import { HttpProblem } from '../errors/problem.js';
import { createValidationPipe } from './validation.js';

class Inner {
  @Matches(/^[a-z]+$/, { message: 'inner.id must be lower-case letters' }) id!: string;
  @IsInt() @Max(10) count!: number;
}

class Body {
  @IsString() name!: string;
  @Matches(/^u-/, { message: 'unitId must start with u-' }) unitId!: string;
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

async function refusal(value: unknown): Promise<HttpProblem> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('validation messages (issue 10 item 7)', () => {
  it('names each field once: the detail reads "name must be a string", not "name name must be..."', async () => {
    const problem = await refusal({ name: 5, unitId: 'x', inner: { id: 'A', count: 11 } });
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must be a string' },
        { field: 'unitId', message: 'must start with u-' },
        { field: 'inner.id', message: 'must be lower-case letters' },
        { field: 'inner.count', message: 'must not be greater than 10' },
      ]),
    );
    expect(problem.message).toContain('name must be a string');
    expect(problem.message).not.toMatch(/\b(\w+) \1\b/);
    expect(problem.message).not.toContain('inner.id inner.id');
  });

  it('says an unknown field is not accepted', async () => {
    const problem = await refusal({ name: 'a', unitId: 'u-1', inner: { id: 'a', count: 1 }, extra: true });
    expect(problem.code).toBe('unknown_field');
    expect(problem.errors).toEqual([{ field: 'extra', message: 'is not an accepted field' }]);
  });
});
