// Kysely row types of the administration module's own table (migration 0017).
import type { Generated } from 'kysely';

export interface ReplyTemplatesTable {
  id: Generated<string>;
  category_id: string | null;
  title: string;
  body: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type AdminTables = { reply_templates: ReplyTemplatesTable };
