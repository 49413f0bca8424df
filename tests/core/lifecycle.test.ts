import { describe, expect, it } from 'vitest';
import {
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type IncidentStatus,
  type MaintenanceStatus,
} from '../../src/core/incident-status.js';
import { incidentTransition, maintenanceTransition, type Transition } from '../../src/core/lifecycle.js';

// Rules (DESIGN.md + lifecycle.ts): forward steps may skip stages; repeating the current
// status is a further update; the only step back is monitoring → investigating/identified;
// postmortem only follows resolved (or an already published postmortem, i.e. editing it);
// resolved never goes back; nothing but the postmortem itself follows postmortem.
//
// Rows: from; columns: to, in INCIDENT_STATUSES order.
//                        inv    ident  mon    res    pm
const INCIDENT_MATRIX: Record<IncidentStatus, readonly boolean[]> = {
  investigating: /* */ [true, true, true, true, false],
  identified: /*    */ [false, true, true, true, false],
  monitoring: /*    */ [true, true, true, true, false],
  resolved: /*      */ [false, false, false, true, true],
  postmortem: /*    */ [false, false, false, false, true],
};

//                          sched  inprog verif  compl
const MAINTENANCE_MATRIX: Record<MaintenanceStatus, readonly boolean[]> = {
  scheduled: /*   */ [true, true, true, true],
  in_progress: /* */ [false, true, true, true],
  verifying: /*   */ [false, false, true, true],
  completed: /*   */ [false, false, false, true],
};

function expectVerdict(result: Transition, allowed: boolean): void {
  expect(result.allowed).toBe(allowed);
  if (!result.allowed) {
    expect(typeof result.reason).toBe('string');
    expect(result.reason.trim().length).toBeGreaterThan(10);
    // A human reason, not an identifier dump.
    expect(result.reason).toMatch(/[A-Za-z]+ [A-Za-z]+/);
  } else {
    expect(result).toEqual({ allowed: true });
  }
}

describe('incidentTransition: full 5×5 matrix', () => {
  const rows = INCIDENT_STATUSES.flatMap((from) =>
    INCIDENT_STATUSES.map((to, j) => [from, to, INCIDENT_MATRIX[from][j]!] as const),
  );
  it('the matrix covers 25 pairs', () => expect(rows).toHaveLength(25));
  it.each(rows)('%s → %s allowed: %s', (from, to, allowed) => {
    expectVerdict(incidentTransition(from, to), allowed);
  });
});

describe('incidentTransition: rules spelled out', () => {
  it.each<[IncidentStatus, IncidentStatus]>([
    ['investigating', 'monitoring'],
    ['investigating', 'resolved'],
    ['identified', 'resolved'],
  ])('forward skip %s → %s is allowed', (from, to) => {
    expect(incidentTransition(from, to).allowed).toBe(true);
  });

  it.each<[IncidentStatus, IncidentStatus]>([
    ['monitoring', 'investigating'],
    ['monitoring', 'identified'],
  ])('regression %s → %s is allowed', (from, to) => {
    expect(incidentTransition(from, to).allowed).toBe(true);
  });

  it('identified → investigating is refused (only monitoring may step back)', () => {
    const t = incidentTransition('identified', 'investigating');
    expect(t.allowed).toBe(false);
    if (!t.allowed) expect(t.reason).toMatch(/Monitoring/);
  });

  it.each<IncidentStatus>(['investigating', 'identified', 'monitoring'])(
    'resolved → %s is refused, naming the target status',
    (to) => {
      const t = incidentTransition('resolved', to);
      expect(t.allowed).toBe(false);
      if (!t.allowed) expect(t.reason.toLowerCase()).toContain(to);
    },
  );

  it.each<IncidentStatus>(['investigating', 'identified', 'monitoring'])(
    '%s → postmortem is refused with a reason about resolving first',
    (from) => {
      const t = incidentTransition(from, 'postmortem');
      expect(t.allowed).toBe(false);
      if (!t.allowed) expect(t.reason.toLowerCase()).toContain('resolved');
    },
  );

  it.each<IncidentStatus>(['investigating', 'identified', 'monitoring', 'resolved'])(
    'postmortem → %s is refused',
    (to) => {
      expect(incidentTransition('postmortem', to).allowed).toBe(false);
    },
  );
});

describe('maintenanceTransition: full 4×4 matrix', () => {
  const rows = MAINTENANCE_STATUSES.flatMap((from) =>
    MAINTENANCE_STATUSES.map((to, j) => [from, to, MAINTENANCE_MATRIX[from][j]!] as const),
  );
  it('the matrix covers 16 pairs', () => expect(rows).toHaveLength(16));
  it.each(rows)('%s → %s allowed: %s', (from, to, allowed) => {
    expectVerdict(maintenanceTransition(from, to), allowed);
  });

  it.each<MaintenanceStatus>(['scheduled', 'in_progress', 'verifying'])('completed → %s is refused as final', (to) => {
    const t = maintenanceTransition('completed', to);
    expect(t.allowed).toBe(false);
    if (!t.allowed) expect(t.reason.toLowerCase()).toContain('completed');
  });
});
