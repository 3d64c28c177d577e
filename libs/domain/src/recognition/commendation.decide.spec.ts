import { actor } from '../shared/access.js';
import { commendationAccess } from './commendation.access.js';
import { fold } from '../shared/decider.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type { CommendationCommand, GrantCommendation, RevokeCommendation } from './commendation.commands.js';
import { commendationDecider, commendationStream } from './commendation.decide.js';
import type { CommendationEvent, CommendationGranted, CommendationRevoked } from './commendation.events.js';
import { commendationsToRevoke, type DisciplinaryFinding } from './commendation.revocation.js';

// Sources, cited in the test names below:
//   LEC 2022  = Law on Emulation and Commendation 2022 (06/2022/QH15) with Decree 98/2023/NĐ-CP (indicative)
//   invariant = ledger invariant, no legal source

const spec = deciderSpec(commendationDecider);
const now = '2026-01-15T09:00:00+07:00';

const granted = (over: Partial<CommendationGranted['data']> = {}): CommendationGranted => ({
  type: 'CommendationGranted',
  data: {
    commendationId: 'k1',
    recipient: { kind: 'person', id: 'staff-a' },
    form: 'certificate of merit',
    level: 'provincial',
    decisionNo: '12/QĐ-UBND',
    decidedBy: 'chair-1',
    reason: 'Cleared the land-dossier backlog',
    periodFrom: '2025-01-01',
    periodTo: '2025-12-31',
    grantedAt: now,
    ...over,
  },
});
const revoked: CommendationRevoked = {
  type: 'CommendationRevoked',
  data: { reason: 'violation in the period', findingRef: 'case-7', revokedBy: 'chair-1', revokedAt: now },
};

function grantCmd(over: Partial<GrantCommendation['data']> = {}): GrantCommendation {
  const { grantedAt: _ignored, ...data } = granted().data;
  return { type: 'GrantCommendation', now, actor: 'hr-1', actingAs: 'hr', data: { ...data, recipientHasOpenCase: false, ...over } };
}
function revokeCmd(over: Partial<RevokeCommendation['data']> = {}): RevokeCommendation {
  return {
    type: 'RevokeCommendation',
    now,
    actor: 'hr-1',
    actingAs: 'hr',
    data: { reason: 'violation in the period', findingRef: 'case-7', revokedBy: 'chair-1', ...over },
  };
}

describe('commendation stream', () => {
  it('is named commendation-<id>', () => {
    expect(commendationStream('k1')).toBe('commendation-k1');
  });
});

describe('when a commendation is granted', () => {
  it('records the decision with the commended period (LEC 2022)', () => {
    spec.given([]).when(grantCmd()).then([granted()]);
  });

  it('refuses a person under disciplinary consideration, naming the source (LEC 2022; Decree 98/2023)', () => {
    const err = spec
      .given([])
      .when(grantCmd({ recipientHasOpenCase: true }))
      .thenThrows('commendation.recipient_under_disciplinary_consideration', ['recipient.id']);
    expect(err.kind).toBe('rule_violation');
    expect(err.source).toContain('98/2023');
  });

  it('refuses a person while a disciplinary decision bars commendation (consequence no_commendation, issue 16)', () => {
    const err = spec
      .given([])
      .when(grantCmd({ recipientDisciplineBars: [{ decisionNo: '15/QĐ-KL', until: '2027-03-24', source: 'D71 art. 2' }] }))
      .thenThrows('commendation.recipient_disciplined', ['recipient.id']);
    expect(err.message).toContain('2027-03-24');
    expect(err.source).toContain('D71 art. 2');
  });

  it('grants a unit regardless of the flag: units are not subjects of disciplinary cases', () => {
    spec
      .given([])
      .when(grantCmd({ recipient: { kind: 'unit', id: 'unit-1' }, recipientHasOpenCase: true }))
      .then([granted({ recipient: { kind: 'unit', id: 'unit-1' } })]);
  });

  it('requires the decision number, decider and reason (LEC 2022: commendation is by decision)', () => {
    spec
      .given([])
      .when(grantCmd({ decisionNo: '', decidedBy: ' ', reason: '' }))
      .thenThrows('commendation.invalid_grant', ['decisionNo', 'decidedBy', 'reason']);
  });

  it('refuses a period that ends before it starts', () => {
    spec
      .given([])
      .when(grantCmd({ periodFrom: '2025-12-31', periodTo: '2025-01-01' }))
      .thenThrows('commendation.invalid_grant', ['periodTo']);
  });

  it('refuses granting the same commendation twice (invariant)', () => {
    spec.given([granted()]).when(grantCmd()).thenThrows('commendation.already_granted');
  });
});

describe('when a commendation is revoked', () => {
  it('records the revocation with its finding (LEC 2022)', () => {
    spec.given([granted()]).when(revokeCmd()).then([revoked]);
  });

  it('requires a revoking decision or a finding as its basis (LEC 2022)', () => {
    spec
      .given([granted()])
      .when(revokeCmd({ findingRef: undefined }))
      .thenThrows('commendation.invalid_revocation', ['decisionNo', 'findingRef']);
  });

  it('refuses revoking twice (invariant)', () => {
    spec.given([granted(), revoked]).when(revokeCmd()).thenThrows('commendation.already_revoked');
  });

  it('refuses revoking a commendation that does not exist', () => {
    spec.given([]).when(revokeCmd()).thenThrows('commendation.not_found');
  });
});

describe('when a later disciplinary finding covers a commended period (LEC 2022: revocation)', () => {
  const state = (events: CommendationEvent[]) => fold(commendationDecider, events);
  const finding: DisciplinaryFinding = {
    findingRef: 'case-7',
    subjectId: 'staff-a',
    decisionNo: '5/QĐ-KL',
    violationDates: ['2025-06-10', '2023-02-01'],
  };

  it('revokes a commendation whose period contains a violation date', () => {
    expect(commendationsToRevoke(finding, [state([granted()])])).toEqual([
      expect.objectContaining({ commendationId: 'k1', findingRef: 'case-7', violationDates: ['2025-06-10'] }),
    ]);
  });

  it('includes the period bounds themselves', () => {
    const onTheLastDay = { ...finding, violationDates: ['2025-12-31'] };
    expect(commendationsToRevoke(onTheLastDay, [state([granted()])])).toHaveLength(1);
  });

  it('leaves alone a commendation for another period, another person, a unit, or already revoked', () => {
    const commendations = [
      state([granted({ commendationId: 'k2', periodFrom: '2024-01-01', periodTo: '2024-12-31' })]),
      state([granted({ commendationId: 'k3', recipient: { kind: 'person', id: 'staff-b' } })]),
      state([granted({ commendationId: 'k4', recipient: { kind: 'unit', id: 'staff-a' } })]),
      state([granted({ commendationId: 'k5' }), revoked]),
    ];
    expect(commendationsToRevoke(finding, commendations)).toEqual([]);
  });

  it('leaves a commendation with no period to human judgement', () => {
    const noPeriod = granted({ commendationId: 'k6', periodFrom: undefined, periodTo: undefined });
    expect(commendationsToRevoke(finding, [state([noPeriod])])).toEqual([]);
  });

  it('treats a missing period end as open', () => {
    const fromOnly = granted({ commendationId: 'k7', periodFrom: '2025-01-01', periodTo: undefined });
    expect(commendationsToRevoke(finding, [state([fromOnly])]).map((r) => r.commendationId)).toEqual(['k7']);
  });
});

describe('who may grant or revoke (commendation.access.ts, checked again by the decider)', () => {
  it('refuses a grant or a revocation without the hr capacity, with no HTTP involved', () => {
    const g = grantCmd();
    spec.given([]).when({ ...g, actingAs: undefined } as CommendationCommand).thenThrows('capacity_refused');
    spec.given([]).when({ ...g, actingAs: 'holder' } as CommendationCommand).thenThrows('capacity_refused');
  });

  it('asks about the recipient and answers by the unit the directory gives', () => {
    const cmd = grantCmd() as GrantCommendation;
    expect(commendationAccess.people({ status: 'none' }, cmd)).toEqual([cmd.data.recipient.kind === 'person' ? cmd.data.recipient.id : `unit:${cmd.data.recipient.id}`]);
    const scope = { all: false, units: new Set(['u-1']) };
    const hr = actor('hr-1', ['hr'], scope);
    const known = hr.knowing(new Map([[cmd.data.recipient.id, 'u-1']]));
    const elsewhere = hr.knowing(new Map([[cmd.data.recipient.id, 'u-2']]));
    if (cmd.data.recipient.kind === 'person') {
      expect(commendationAccess.GrantCommendation(known, { status: 'none' }, cmd)).toBe('hr');
      expect(commendationAccess.GrantCommendation(elsewhere, { status: 'none' }, cmd)).toMatchObject({ denied: { code: 'outside_unit_scope' } });
      expect(commendationAccess.GrantCommendation(hr, { status: 'none' }, cmd)).toMatchObject({ denied: { code: 'commendation.unknown_recipient' } });
    }
  });
});
