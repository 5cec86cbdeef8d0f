// The permission table: what each role may do, and what nobody may do without signing in.
import { describe, expect, it } from 'vitest';
import { authorize, can, rolesOf, type Actor, type OfficerRole } from '../../src/platform/auth/policy.js';
import { AppError } from '../../src/platform/errors.js';

const officer = (...roles: OfficerRole[]): Actor => ({
  accountId: 'a',
  kind: 'officer',
  positions: roles.map((role) => ({ role, agencyIds: new Set(['agency-1']), areaIds: null })),
  sessionId: 's',
  requestId: 'r',
});
const citizen: Actor = { accountId: 'c', kind: 'citizen', positions: [], sessionId: 's', requestId: 'r' };

describe('policy', () => {
  it('gives nothing to nobody', () => {
    expect(can(null, 'account.read_self')).toBe(false);
    expect(() => {
      authorize(null, 'org.read');
    }).toThrow(expect.objectContaining({ code: 'unauthenticated' }) as unknown);
  });

  it('lets a citizen see their own account and nothing of the administration', () => {
    expect(rolesOf(citizen)).toEqual(['citizen']);
    expect(can(citizen, 'account.read_self')).toBe(true);
    for (const action of ['org.read', 'org.manage', 'account.manage', 'audit.read'] as const)
      expect(can(citizen, action)).toBe(false);
  });

  it('keeps administration to administrators and the audit log to auditors and administrators', () => {
    expect(can(officer('handler'), 'org.manage')).toBe(false);
    expect(can(officer('provincial_leader'), 'account.manage')).toBe(false);
    expect(can(officer('admin'), 'account.manage')).toBe(true);
    expect(can(officer('auditor'), 'audit.read')).toBe(true);
    expect(can(officer('handler'), 'audit.read')).toBe(false);
    expect(can(officer('handler', 'auditor'), 'audit.read')).toBe(true);
    let error: unknown;
    try {
      authorize(officer('receiver'), 'org.manage');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('forbidden');
  });
});
