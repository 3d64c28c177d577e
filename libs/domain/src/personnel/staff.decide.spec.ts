import { deciderSpec } from '../shared/given-when-then.js';
import type {
  AppointLeadership,
  EndLeadership,
  RecordDeparture,
  RecordLeave,
  RegisterStaff,
  TransferStaff,
} from './staff.commands.js';
import { staffDecider, staffStream } from './staff.decide.js';
import type {
  LeadershipAppointed,
  LeadershipEnded,
  LeaveRecorded,
  StaffLeft,
  StaffRegistered,
  StaffTransferred,
} from './staff.events.js';

const spec = deciderSpec(staffDecider);
const now = '2026-03-01T08:00:00Z';
const actor = 'hr-1';

const registered: StaffRegistered = {
  type: 'StaffRegistered',
  data: {
    staffId: 's-1',
    personnelCode: 'HCM-00042',
    fullName: 'Nguyen Van An',
    category: 'civil_servant',
    unitId: 'u-1',
    jobPosition: 'Specialist',
    joinedOn: '2018-09-01',
  },
};
const workerRegistered: StaffRegistered = { ...registered, data: { ...registered.data, category: 'worker', jobPosition: 'Driver' } };
const appointedHead: LeadershipAppointed = {
  type: 'LeadershipAppointed',
  data: { staffId: 's-1', role: 'head', unitId: 'u-1', effectiveOn: '2022-01-01', decisionRef: 'QD-12/2022' },
};
const appointedDeputyElsewhere: LeadershipAppointed = {
  type: 'LeadershipAppointed',
  data: { staffId: 's-1', role: 'deputy', unitId: 'u-9', effectiveOn: '2023-01-01', decisionRef: null },
};
const sickLeave: LeaveRecorded = {
  type: 'LeaveRecorded',
  data: { staffId: 's-1', kind: 'sick', from: '2025-03-10', to: '2025-03-20', note: null },
};
const left: StaffLeft = { type: 'StaffLeft', data: { staffId: 's-1', leftOn: '2026-01-31', reason: 'retired' } };

const register = (data: Partial<RegisterStaff['data']> = {}): RegisterStaff => ({
  type: 'RegisterStaff',
  data: { ...registered.data, ...data },
  now,
  actor,
  actingAs: 'hr',
});
const transfer = (data: Partial<TransferStaff['data']> = {}): TransferStaff => ({
  type: 'TransferStaff',
  data: { staffId: 's-1', toUnitId: 'u-2', effectiveOn: '2025-07-01', decisionRef: 'QD-88/2025', ...data },
  now,
  actor,
  actingAs: 'hr',
});
const appoint = (data: Partial<AppointLeadership['data']> = {}): AppointLeadership => ({
  type: 'AppointLeadership',
  data: { staffId: 's-1', role: 'head', unitId: 'u-1', effectiveOn: '2022-01-01', decisionRef: 'QD-12/2022', ...data },
  now,
  actor,
  actingAs: 'hr',
});
const endLeadership = (data: Partial<EndLeadership['data']> = {}): EndLeadership => ({
  type: 'EndLeadership',
  data: { staffId: 's-1', role: 'head', unitId: 'u-1', effectiveOn: '2024-12-31', reason: 'term_ended', ...data },
  now,
  actor,
  actingAs: 'hr',
});
const recordLeave = (data: Partial<RecordLeave['data']> = {}): RecordLeave => ({
  type: 'RecordLeave',
  data: { staffId: 's-1', kind: 'sick', from: '2025-03-10', to: '2025-03-20', ...data },
  now,
  actor,
  actingAs: 'hr',
});
const depart = (data: Partial<RecordDeparture['data']> = {}): RecordDeparture => ({
  type: 'RecordDeparture',
  data: { staffId: 's-1', leftOn: '2026-01-31', reason: 'retired', ...data },
  now,
  actor,
  actingAs: 'hr',
});

const ended = (role: 'head' | 'deputy', unitId: string, effectiveOn: string, reason: LeadershipEnded['data']['reason']): LeadershipEnded => ({
  type: 'LeadershipEnded',
  data: { staffId: 's-1', role, unitId, effectiveOn, reason },
});

describe('staff stream', () => {
  it('is named staff-<id>', () => expect(staffStream('s-1')).toBe('staff-s-1'));
});

describe('when a person is registered', () => {
  it('records code, name, category, unit, position and joining date', () => {
    spec.given([]).when(register()).then([registered]);
  });

  it('refuses registering the same person twice', () => {
    spec.given([registered]).when(register()).thenThrows('staff.already_registered');
  });

  it('names every missing or malformed field', () => {
    spec
      .given([])
      .when(register({ personnelCode: '', fullName: ' ', category: 'consultant' as never, joinedOn: '01/09/2018' }))
      .thenThrows('staff.invalid', ['personnelCode', 'fullName', 'category', 'joinedOn']);
  });
});

describe('when a person is transferred', () => {
  it('records the old and the new unit, keeping the position when none is given', () => {
    const transferred: StaffTransferred = {
      type: 'StaffTransferred',
      data: {
        staffId: 's-1',
        fromUnitId: 'u-1',
        toUnitId: 'u-2',
        jobPosition: 'Specialist',
        effectiveOn: '2025-07-01',
        decisionRef: 'QD-88/2025',
      },
    };
    spec.given([registered]).when(transfer()).then([transferred]);
  });

  it('records the new position when one is given', () => {
    spec
      .given([registered])
      .when(transfer({ jobPosition: 'Senior specialist', decisionRef: null }))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { jobPosition: 'Senior specialist', decisionRef: null } }]));
  });

  it('ends the leadership posts held in the old unit first, and keeps the others', () => {
    spec
      .given([registered, appointedHead, appointedDeputyElsewhere])
      .when(transfer())
      .thenEvents((events) => {
        expect(events.map((e) => e.type)).toEqual(['LeadershipEnded', 'StaffTransferred']);
        expect(events[0]).toEqual(ended('head', 'u-1', '2025-07-01', 'transferred'));
      });
  });

  it('refuses a transfer to the unit the person is already in', () => {
    spec.given([registered]).when(transfer({ toUnitId: 'u-1' })).thenThrows('staff.transfer_same_unit');
  });

  it('refuses a transfer dated before the person joined', () => {
    spec.given([registered]).when(transfer({ effectiveOn: '2018-08-31' })).thenThrows('staff.date_before_joining');
  });

  it('refuses someone who is not registered', () => {
    spec.given([]).when(transfer()).thenThrows('staff.not_found');
  });
});

describe('when a person is appointed to lead a unit', () => {
  it('records the role and the unit', () => {
    spec.given([registered]).when(appoint()).then([appointedHead]);
  });

  it('allows a concurrent post in another unit', () => {
    spec
      .given([registered, appointedHead])
      .when(appoint({ role: 'deputy', unitId: 'u-9', effectiveOn: '2023-01-01', decisionRef: undefined }))
      .then([appointedDeputyElsewhere]);
  });

  it('refuses a second post in the same unit until the first one ends', () => {
    spec.given([registered, appointedHead]).when(appoint({ role: 'deputy' })).thenThrows('staff.already_leading');
  });

  it('allows a new post in the unit once the previous one ended', () => {
    spec
      .given([registered, appointedHead, ended('head', 'u-1', '2024-12-31', 'term_ended')])
      .when(appoint({ role: 'deputy', effectiveOn: '2025-01-01' }))
      .thenEvents((events) => expect(events).toMatchObject([{ type: 'LeadershipAppointed', data: { role: 'deputy' } }]));
  });

  it('refuses a worker on a labour contract', () => {
    spec.given([workerRegistered]).when(appoint()).thenThrows('staff.leadership_not_eligible');
  });

  it('refuses an unknown role', () => {
    spec.given([registered]).when(appoint({ role: 'chief' as never })).thenThrows('staff.invalid', ['role']);
  });
});

describe('when a leadership post ends', () => {
  it('records the end and its reason', () => {
    spec.given([registered, appointedHead]).when(endLeadership()).then([ended('head', 'u-1', '2024-12-31', 'term_ended')]);
  });

  it('refuses a post the person does not hold', () => {
    spec.given([registered, appointedHead]).when(endLeadership({ role: 'deputy' })).thenThrows('staff.not_leading');
  });

  it('refuses a post that already ended', () => {
    spec
      .given([registered, appointedHead, ended('head', 'u-1', '2024-12-31', 'term_ended')])
      .when(endLeadership())
      .thenThrows('staff.not_leading');
  });

  it('refuses an end dated before the appointment', () => {
    spec
      .given([registered, appointedHead])
      .when(endLeadership({ effectiveOn: '2021-12-31' }))
      .thenThrows('staff.leadership_end_before_start');
  });
});

describe('when a leave is recorded', () => {
  it('records its kind and both days', () => {
    spec.given([registered]).when(recordLeave()).then([sickLeave]);
  });

  it('keeps a note when one is given', () => {
    spec
      .given([registered])
      .when(recordLeave({ kind: 'maternity', from: '2025-05-01', to: '2025-10-31', note: 'Second child' }))
      .thenEvents((events) => expect(events).toMatchObject([{ data: { kind: 'maternity', note: 'Second child' } }]));
  });

  it('refuses a leave that ends before it starts', () => {
    spec.given([registered]).when(recordLeave({ from: '2025-03-20', to: '2025-03-10' })).thenThrows('staff.invalid', ['to']);
  });

  it('refuses a leave that overlaps one already recorded', () => {
    spec
      .given([registered, sickLeave])
      .when(recordLeave({ kind: 'study', from: '2025-03-20', to: '2025-06-30' }))
      .thenThrows('staff.leave_overlaps');
  });

  it('accepts a leave that starts the day after the previous one ends', () => {
    spec
      .given([registered, sickLeave])
      .when(recordLeave({ kind: 'unpaid', from: '2025-03-21', to: '2025-03-25' }))
      .thenEvents((events) => expect(events).toHaveLength(1));
  });

  it('refuses a leave before the person joined', () => {
    spec.given([registered]).when(recordLeave({ from: '2018-08-01', to: '2018-09-05' })).thenThrows('staff.date_before_joining');
  });
});

describe('when a person leaves', () => {
  it('records the departure', () => {
    spec.given([registered]).when(depart()).then([left]);
  });

  it('ends every leadership post they held, before the departure', () => {
    spec
      .given([registered, appointedHead, appointedDeputyElsewhere])
      .when(depart())
      .then([ended('head', 'u-1', '2026-01-31', 'left'), ended('deputy', 'u-9', '2026-01-31', 'left'), left]);
  });

  it('refuses a departure dated before the person joined', () => {
    spec.given([registered]).when(depart({ leftOn: '2018-01-01' })).thenThrows('staff.date_before_joining');
  });

  it('closes the record: nothing can be recorded afterwards', () => {
    for (const command of [transfer(), appoint(), recordLeave({ from: '2026-02-01', to: '2026-02-02' }), depart(), endLeadership()]) {
      spec.given([registered, left]).when(command).thenThrows('staff.left');
    }
  });
});
