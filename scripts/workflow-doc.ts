// Writes docs/workflow.md from the workflow table (`npm run docs:workflow`); a unit test fails when the file
// differs from what this would write, so the doc cannot drift from the table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import prettier from 'prettier';
import { DEFAULT_DUE_SOON_WORKING_MINUTES } from '../src/modules/workflow/machine.js';
import {
  AUDIENCE_LABELS,
  CLOCK_LABELS,
  EXTENSION_STATES,
  GUARD_LABELS,
  INPUT_TYPE_LABELS,
  REFUSAL_MESSAGES,
  REJECT_REASONS,
  REJECT_REASON_LABELS,
  SCOPE_LABELS,
  SLA_FLAG_LABELS,
  STATE_LABELS,
  TERMINAL_STATES,
  VISIBILITY_LABELS,
  WORKFLOW_ROLE_LABELS,
  WORKFLOW_RULES,
  WORKFLOW_STATES,
  type InputType,
  type Label,
  type RefusalCode,
  type SlaFlag,
  type TransitionRule,
} from '../src/modules/workflow/table.js';

export const WORKFLOW_DOC_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'docs',
  'workflow.md',
);

type Lang = keyof Label;

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const code = (value: string): string => `\`${value}\``;

function diagram(): string {
  const lines = ['stateDiagram-v2'];
  for (const state of WORKFLOW_STATES) lines.push(`  state "${STATE_LABELS[state].vi}" as ${state}`);
  lines.push('  [*] --> submitted');
  const edges = new Map<string, string[]>();
  for (const rule of WORKFLOW_RULES) {
    if (rule.to === 'unchanged') continue;
    for (const from of rule.from) {
      const key = `${from} --> ${rule.to}`;
      // A colon would end mermaid's label.
      edges.set(key, [...(edges.get(key) ?? []), rule.label.vi.replace(/:\s*/g, ' – ')]);
    }
  }
  for (const [edge, labels] of edges) lines.push(`  ${edge}: ${labels.join(' / ')}`);
  for (const state of TERMINAL_STATES) lines.push(`  ${state} --> [*]`);
  return ['```mermaid', ...lines, '```'].join('\n');
}

const VI = {
  rules: 'Quy tắc xử lý',
  action: 'Thao tác',
  code: 'Mã',
  from: 'Từ trạng thái',
  to: 'Sang trạng thái',
  who: 'Ai được thực hiện',
  conditions: 'Điều kiện',
  inputs: 'Thông tin cần nhập',
  recorded: 'Ghi nhận (sự kiện, phạm vi xem)',
  notify: 'Thông báo cho',
  clocks: 'Thời hạn',
  unchanged: 'giữ nguyên',
  all: 'mọi trạng thái',
  none: '—',
  required: 'bắt buộc',
  optional: 'không bắt buộc',
  starts: 'bắt đầu tính',
  stops: 'kết thúc',
};
const EN: typeof VI = {
  rules: 'Rules',
  action: 'Action',
  code: 'Code',
  from: 'From',
  to: 'To',
  who: 'Who may do it',
  conditions: 'Conditions',
  inputs: 'Inputs',
  recorded: 'Recorded (event, seen by)',
  notify: 'Told',
  clocks: 'Deadlines',
  unchanged: 'unchanged',
  all: 'any state',
  none: '—',
  required: 'required',
  optional: 'optional',
  starts: 'starts',
  stops: 'met',
};
const TEXT: Record<Lang, typeof VI> = { vi: VI, en: EN };

function rulesTable(lang: Lang): string {
  const t = TEXT[lang];
  const state = (s: string) => code(s);
  const rows = WORKFLOW_RULES.map((rule: TransitionRule) => {
    const inputs = Object.entries(rule.inputs) as [
      string,
      { type: InputType; required: boolean; label: Label },
    ][];
    const clocks = [
      ...rule.clocks.start.map((c) => `${t.starts} ${CLOCK_LABELS[c][lang]}`),
      ...rule.clocks.stop.map((c) => `${t.stops} ${CLOCK_LABELS[c][lang]}`),
    ];
    return [
      rule.label[lang],
      code(rule.action),
      rule.from.length === WORKFLOW_STATES.length ? t.all : rule.from.map(state).join(', '),
      rule.to === 'unchanged' ? t.unchanged : state(rule.to),
      rule.allowed
        .map((p) =>
          // The reporter's and the system's scope say nothing their role does not.
          p.scope === 'reporter' || p.scope === 'system'
            ? WORKFLOW_ROLE_LABELS[p.role][lang]
            : `${WORKFLOW_ROLE_LABELS[p.role][lang]} (${SCOPE_LABELS[p.scope][lang]})`,
        )
        .join('; '),
      rule.guards.map((g) => GUARD_LABELS[g][lang]).join('; ') || t.none,
      inputs
        .map(
          ([name, spec]) =>
            `${spec.label[lang]} ${code(name)}: ${INPUT_TYPE_LABELS[spec.type][lang]}, ${
              spec.required ? t.required : t.optional
            }`,
        )
        .join('; ') || t.none,
      `${code(rule.event.kind)}, ${VISIBILITY_LABELS[rule.event.visibility][lang]}`,
      rule.notify.map((a) => AUDIENCE_LABELS[a][lang]).join('; '),
      clocks.join('; ') || t.none,
    ];
  });
  return table(
    [t.action, t.code, t.from, t.to, t.who, t.conditions, t.inputs, t.recorded, t.notify, t.clocks],
    rows,
  );
}

/** The whole document, formatted as `prettier --check` expects. */
export async function renderWorkflowDoc(): Promise<string> {
  const states = table(
    ['Mã / Code', 'Tiếng Việt', 'English', 'Ý nghĩa', 'Meaning'],
    WORKFLOW_STATES.map((s) => [
      code(s) + (TERMINAL_STATES.includes(s) ? ' (kết thúc / terminal)' : ''),
      STATE_LABELS[s].vi,
      STATE_LABELS[s].en,
      STATE_LABELS[s].meaning.vi,
      STATE_LABELS[s].meaning.en,
    ]),
  );
  const reasons = table(
    ['Mã / Code', 'Tiếng Việt', 'English', 'Hướng dẫn gửi người phản ánh', 'Guidance sent to the reporter'],
    REJECT_REASONS.map((r) => {
      const reason = REJECT_REASON_LABELS[r];
      return [
        code(r),
        reason.vi + (reason.textRequired ? ' (kèm giải thích)' : ''),
        reason.en + (reason.textRequired ? ' (with an explanation)' : ''),
        reason.guidance?.vi ?? '—',
        reason.guidance?.en ?? '—',
      ];
    }),
  );
  const flags = table(
    ['Mã / Code', 'Tiếng Việt', 'English', 'Định nghĩa', 'Definition'],
    (Object.keys(SLA_FLAG_LABELS) as SlaFlag[]).map((f) => [
      code(f),
      SLA_FLAG_LABELS[f].vi,
      SLA_FLAG_LABELS[f].en,
      SLA_FLAG_LABELS[f].meaning.vi,
      SLA_FLAG_LABELS[f].meaning.en,
    ]),
  );
  const refusals = table(
    ['Mã / Code', 'Tiếng Việt', 'English'],
    (Object.keys(REFUSAL_MESSAGES) as RefusalCode[]).map((r) => [
      code(r),
      REFUSAL_MESSAGES[r].vi,
      REFUSAL_MESSAGES[r].en,
    ]),
  );

  const markdown = `# Quy trình xử lý phản ánh, kiến nghị / Handling workflow

<!-- Generated by \`npm run docs:workflow\` from src/modules/workflow/table.ts. Do not edit: a unit test fails when this file differs from what the generator writes. -->

One table (\`src/modules/workflow/table.ts\`) declares every action on a report: from which states, to which
state, who may take it and on which reports, what they must give, what is recorded and who is told.
\`src/modules/workflow/machine.ts\` applies it: \`availableActions(report, actor)\` lists what an actor may do
now, \`decide(report, actor, action, input, now)\` refuses (role, scope, state, condition, input) or returns the
next state, the changed fields, the event and the notifications. Sources: \`shared/reference/vietnam-pakn.md\`
§1.3–1.7, issue 5.

## Sơ đồ trạng thái / State diagram

Actions that do not change the state (extension requests and decisions, internal notes, questions to the reporter
and their answers) are in the tables below, not in the diagram.

${diagram()}

## Trạng thái / States

${states}

## ${TEXT.vi.rules} (tiếng Việt)

${rulesTable('vi')}

## ${TEXT.en.rules} (English)

${rulesTable('en')}

Phạm vi / scope: **toàn tỉnh** (province-wide) — any report; **đơn vị chủ trì** (lead agency) — the actor's
agency leads the report; **đơn vị chủ trì hoặc phối hợp** (lead or coordinating agency) — coordinating agencies
may only add internal notes; **người gửi phản ánh** (the reporter) — the citizen account that sent it;
**tác vụ định kỳ** (scheduled job) — the system, e.g. closing a published report nobody rated within the
configured number of days.

Also applied by the machine, whatever the row:

- a pending extension request exists only in ${EXTENSION_STATES.map(code).join(', ')}; an action that leaves them drops it
  (recorded as \`extensionRequestLapsed\`);
- an open question to the reporter exists only in states where it can be answered; reaching any other state
  closes it;
- an approved extension keeps the first due date (\`originalDueAt\`) and the new one must be later; a new handling
  round (assignment, direction, reopening) restarts the resolution clock and forgets earlier extensions;
- returning a report counts one more return for the agency (\`returnCounts\`) and clears the lead and
  coordinating agencies;
- a refused action changes nothing.

## Lý do từ chối tiếp nhận / Reject reasons

${reasons}

## Trạng thái thời hạn / Deadline flags

Computed by \`slaFlag(clock, now, calendar)\` from a clock's due date in force, its original due date and when it
was met; never stored as the state. "Due soon" counts working time on the working calendar; the margin is
${DEFAULT_DUE_SOON_WORKING_MINUTES / 60} working hours by default. Clocks: ${(
    ['intake', 'acknowledge', 'resolve'] as const
  )
    .map((c) => `${CLOCK_LABELS[c].vi} / ${CLOCK_LABELS[c].en}`)
    .join('; ')} — their lengths come from the category's deadline policy and the priority.

${flags}

## Từ chối thao tác / Refusals

${refusals}
`;
  const options = (await prettier.resolveConfig(WORKFLOW_DOC_PATH)) ?? {};
  return prettier.format(markdown, { ...options, parser: 'markdown' });
}

async function main(): Promise<void> {
  fs.writeFileSync(WORKFLOW_DOC_PATH, await renderWorkflowDoc());
  console.log(`wrote ${path.relative(process.cwd(), WORKFLOW_DOC_PATH)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
