// The audit chain's serialization is a stored format: every hash in every database depends on it.
import { describe, expect, it } from 'vitest';
import {
  auditRowHash,
  GENESIS_HASH,
  serializeAuditRow,
  type AuditChainRow,
} from '../../src/platform/audit.js';

const row: AuditChainRow = {
  id: '42',
  at: '2025-07-01T01:02:03.456789Z',
  actorId: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  action: 'org.import',
  subjectType: 'data_set',
  subjectId: 'Bắc Giang',
  requestId: null,
  detail: '{"a": 1, "note": "dòng 1\\ndòng 2"}',
};

describe('audit chain serialization', () => {
  it('is the compact JSON array of the fields, as PostgreSQL prints them', () => {
    expect(serializeAuditRow(row)).toBe(
      '["42","2025-07-01T01:02:03.456789Z","a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11","org.import","data_set",' +
        '"Bắc Giang",null,"{\\"a\\": 1, \\"note\\": \\"dòng 1\\\\ndòng 2\\"}"]',
    );
  });

  it('hashes the previous hash then the UTF-8 serialization (pinned: changing it breaks stored chains)', () => {
    const first = auditRowHash(GENESIS_HASH, row);
    expect(first.toString('hex')).toBe('ec7403a3dad174c93ea9d94e6d9d1626e6ec79623557ed96f1f5b8b298e56267');
    expect(auditRowHash(first, row).equals(first)).toBe(false);
    expect(auditRowHash(GENESIS_HASH, { ...row, detail: null }).equals(first)).toBe(false);
  });
});
