import { RecordedFacts } from './recorded-facts.js';

// Issue 15: the facts a classification takes from recorded findings and earlier cycles.
const facts = new RecordedFacts({
  excusedDelays: [{ staffId: 'an', month: 3, count: 1, findings: ['inspection-i1/f1'] }],
  excusedBelow: [{ staffId: 'an', month: 4, count: 2, findings: ['inspection-i1/f2'] }],
  degradation: new Map([['binh', ['inspection-i1/f3']]]),
  unitCorruptionOrWaste: new Map([['head', ['inspection-i1/f4']]]),
  countedEarlier: new Map([['chi', new Map([['k1:v1', 'c2025']])]]),
});

describe('recorded facts for a classification run', () => {
  it('gives each person-month its excused delays and failed reviews, never more failed reviews than counted', () => {
    expect(facts.excusedDelays('an', 3)).toBe(1);
    expect(facts.excusedDelays('an', 4)).toBe(0);
    expect(facts.excusedBelow('an', 4, 1)).toBe(1);
    expect(facts.excusedBelow('an', 4, 5)).toBe(2);
  });
  it('sets the override facts from findings, and the earlier cycle that counted a violation', () => {
    expect([facts.degradationConcluded('binh'), facts.degradationConcluded('an')]).toEqual([true, false]);
    expect([facts.unitHandledForCorruptionOrWaste('head'), facts.unitHandledForCorruptionOrWaste('binh')]).toEqual([true, false]);
    expect(facts.countedIn('chi', 'k1:v1')).toBe('c2025');
    expect(facts.countedIn('chi', 'k9:v1')).toBeUndefined();
  });
  it('names the findings behind each fact for the trace, and nothing for a person without findings', () => {
    expect(facts.refs('an')).toEqual({ delaysWithObjectiveCause: { 3: ['inspection-i1/f1'] }, belowWithObjectiveCause: { 4: ['inspection-i1/f2'] } });
    expect(facts.refs('head')).toEqual({ unitHandledForCorruptionOrWaste: ['inspection-i1/f4'] });
    expect(facts.refs('nobody')).toBeUndefined();
  });
});
