import { actor, authorize, type ActorRole } from '../shared/access.js';
import { DomainError } from '../shared/errors.js';
import { caseAccess } from './case.access.js';
import type { CaseCommand } from './case.commands.js';
import { caseDecider } from './case.decide.js';
import type { CaseEvent } from './case.events.js';
import { fold } from '../shared/decider.js';

const at = '2026-03-10T10:00:00+07:00';
const history: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      caseId: 'k1', subjectId: 'staff-a', subjectCategory: 'civil_servant', subjectIsLeader: false,
      allegations: [{ id: 'a1', description: 'd', violationDate: '2026-01-01', severity: 'higher', evidence: [{ streamId: 'assignment-x', revision: 0 }] }],
      openedBy: 'hr-1', openedAt: at, processingDeadline: '2026-06-08', detectedOn: '2026-03-10', subjectUnitId: 'u-a',
    },
  },
  {
    type: 'CouncilConvened',
    data: { chair: 'c-1', secretary: 's-1', members: ['m-1'], convenedBy: 'hr-1', convenedAt: at, seats: [{ personId: 'c-1', role: 'chair' }, { personId: 's-1', role: 'secretary' }, { personId: 'm-1', role: 'member' }] },
  },
];
const state = fold(caseDecider, history);
const who = (sub: string, roles: ActorRole[], units: string[] = []) =>
  actor(sub, roles, { all: false, units: new Set(units) }).knowing(new Map([['staff-a', 'u-a']]));
const command = (type: CaseCommand['type']) => ({ type, data: {}, now: at, actor: 'x' }) as unknown as CaseCommand;
const answer = (w: ReturnType<typeof who>, type: CaseCommand['type']) => {
  try {
    return authorize(caseAccess, w, state, command(type));
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('who may act on a disciplinary case (case.access.ts)', () => {
  it('lets hr whose scope holds the subject\'s unit run the procedure as hr', () => {
    for (const type of ['ConveneCouncil', 'SuspendCase', 'ResumeCase', 'ExemptCase', 'IssueSummons', 'RecordSelfReviewMeeting', 'ReplaceCouncilMember', 'IssueDecision'] as const) {
      expect(answer(who('hr-1', ['hr'], ['u-a']), type)).toBe('hr');
    }
  });

  it('answers not_found to hr outside the scope and to anyone unrelated (no existence leak)', () => {
    expect(answer(who('hr-2', ['hr'], ['u-b']), 'SuspendCase')).toBe('case.not_found');
    expect(answer(who('staff-z', ['staff']), 'FileAppeal')).toBe('case.not_found');
    expect(answer(who('c-9', ['council']), 'RecordCouncilVote')).toBe('case.not_found');
  });

  it('lets a seated council member vote and record statements, not decide or suspend', () => {
    expect(answer(who('m-1', ['council']), 'RecordCouncilVote')).toBe('council_member');
    expect(answer(who('m-1', ['council']), 'AttachDocument')).toBe('council_member');
    expect(answer(who('m-1', ['council']), 'IssueDecision')).toBe('case.hr_only');
    expect(answer(who('m-1', ['council']), 'SuspendCase')).toBe('case.hr_only');
  });

  it('lets the subject appeal and nothing else; an inspector only reads', () => {
    expect(answer(who('staff-a', ['staff']), 'FileAppeal')).toBe('subject');
    expect(answer(who('staff-a', ['staff']), 'RecordStatement')).toBe('case.hr_only');
    expect(answer(who('insp', ['inspector'], ['u-a']), 'RecordStatement')).toBe('case.hr_only');
  });

  it('opens a case only for a subject whose unit is in scope', () => {
    const open = (units: string[]) => {
      try {
        return authorize(caseAccess, who('hr-1', ['hr'], units), fold(caseDecider, []), { type: 'OpenCase', data: { subjectId: 'staff-a' }, now: at, actor: 'hr-1' } as unknown as CaseCommand);
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(open(['u-a'])).toBe('hr');
    expect(open(['u-b'])).toBe('outside_unit_scope');
    expect(answer(who('hr-1', ['hr'], ['u-a']), 'OpenCase')).toBe('case.unknown_subject');
  });
});
