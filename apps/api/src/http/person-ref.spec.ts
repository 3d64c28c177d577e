import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { hasInvisibleCharacters, PersonRef, personRefsOf } from './person-ref.js';

class HandOff {
  @PersonRef() to!: string;
  @IsOptional() @PersonRef({ orCaller: true }) by?: string;
}
class Council {
  @PersonRef({ each: true }) members!: string[];
}

describe('@PersonRef: ids that name a person', () => {
  it('refuses invisible, format, bidi, space and variation characters, and accepts plain ids', () => {
    for (const bad of ['an\u200b', '\u200ean', 'a\u202en', '\ufeffan', 'a\u00adn', 'an\u2066', 'a n', 'an\u00a0', 'an\ufe0f', 'a\u034fn', 'an\u3164']) {
      expect([bad, hasInvisibleCharacters(bad)]).toEqual([bad, true]);
    }
    for (const good of ['an', 'nguyen-van-an', 'Nguyễn', 'cán-bộ.01']) expect(hasInvisibleCharacters(good)).toBe(false);
  });

  it('normalises to NFC before validation and use', () => {
    const dto = plainToInstance(HandOff, { to: 'Nguye\u0302\u0303n' });
    expect(dto.to).toBe('Nguyễn'.normalize('NFC'));
    expect(validateSync(dto)).toEqual([]);
  });

  it('answers 400-style errors naming the field, element by element for lists', () => {
    const errors = validateSync(plainToInstance(Council, { members: ['an', 'bi\u200bnh'] }));
    expect(errors.map((e) => e.property)).toEqual(['members']);
  });

  it('marks the fields with their options, inherited ones included', () => {
    class Extended extends HandOff {
      @PersonRef() responsible?: string;
    }
    expect(personRefsOf(Extended).map((m) => [m.property, m.orCaller === true])).toEqual([
      ['to', false],
      ['by', true],
      ['responsible', false],
    ]);
    expect(personRefsOf(HandOff).map((m) => m.property)).toEqual(['to', 'by']);
  });
});
