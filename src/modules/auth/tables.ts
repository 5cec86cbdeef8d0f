// Kysely row types of the sign-in tables (migration 0004).
import type { Generated } from 'kysely';

export interface SessionsTable {
  id: Generated<string>;
  token_hash: Buffer;
  account_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  second_factor_at: Date | null;
}
export interface OneTimeCodesTable {
  id: Generated<string>;
  purpose: 'sign_in_phone' | 'sign_in_email' | 'password_reset';
  destination_hash: Buffer;
  code_hash: Buffer;
  created_at: Generated<Date>;
  expires_at: Date;
  consumed_at: Date | null;
  attempts: Generated<number>;
  account_id: string | null;
  destination: string | null;
}
export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
}
export type AuthTables = {
  sessions: SessionsTable;
  one_time_codes: OneTimeCodesTable;
  auth_throttle: AuthThrottleTable;
};
