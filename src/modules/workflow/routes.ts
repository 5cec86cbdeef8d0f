// The workflow over HTTP: the table itself (for screens and partners), what a user may do with a report now
// and where its clocks stand, and taking an action (idempotent with Idempotency-Key).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { alertsFor, type WorkflowService } from './service.js';
import {
  ACTION_CODES,
  REJECT_REASONS,
  REJECT_REASON_LABELS,
  STATE_LABELS,
  WORKFLOW,
  WORKFLOW_STATES,
  type InputType,
} from './table.js';

export interface WorkflowRoutesOptions {
  workflow: WorkflowService;
}

const Label = Type.Object({ vi: Type.String(), en: Type.String() });
const OneOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

const Deadline = Type.Object({
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  originalDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  flag: Type.Union([OneOf(['on_time', 'due_soon', 'overdue', 'late_with_extension'] as const), Type.Null()]),
});

const WorkflowView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  status: OneOf(WORKFLOW_STATES),
  version: Type.Integer({
    description: 'Send it back with an action: a report changed meanwhile is not acted on.',
  }),
  actions: Type.Array(OneOf(ACTION_CODES), { description: 'What this user may do now (inputs aside).' }),
  deadlines: Type.Object({ intake: Deadline, acknowledge: Deadline, resolve: Deadline }),
  pendingExtension: Type.Union([
    Type.Object({
      reason: Type.String(),
      proposedDueAt: Type.String({ format: 'date-time' }),
      requestedAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
});

const RefParams = Type.Object({
  ref: Type.String({ minLength: 1, maxLength: 64, description: 'The report id or its tracking code (PA-…)' }),
});

/** The table as JSON: states, actions with their labels, who may take them, from where, and their inputs. */
function tableDocument() {
  return {
    states: WORKFLOW_STATES.map((code) => ({
      code,
      label: { vi: STATE_LABELS[code].vi, en: STATE_LABELS[code].en },
      meaning: STATE_LABELS[code].meaning,
    })),
    actions: ACTION_CODES.map((code) => {
      const rule = WORKFLOW[code];
      return {
        code,
        label: rule.label,
        from: [...rule.from],
        to: rule.to,
        allowed: rule.allowed.map((p) => ({ role: p.role, scope: p.scope })),
        inputs: Object.entries(
          rule.inputs as Record<
            string,
            { type: InputType; required: boolean; label: { vi: string; en: string } }
          >,
        ).map(([name, spec]) => ({ name, type: spec.type, required: spec.required, label: spec.label })),
        event: { kind: rule.event.kind, visibility: rule.event.visibility },
      };
    }),
    rejectReasons: REJECT_REASONS.map((code) => ({
      code,
      label: { vi: REJECT_REASON_LABELS[code].vi, en: REJECT_REASON_LABELS[code].en },
      guidance: REJECT_REASON_LABELS[code].guidance ?? null,
    })),
  };
}

export const workflowRoutes: FastifyPluginAsyncTypebox<WorkflowRoutesOptions> = async (app, { workflow }) => {
  const document = tableDocument();

  app.get(
    '/api/v1/public/workflow',
    {
      schema: {
        tags: ['public'],
        summary: 'The handling workflow as one table: states, actions, roles, inputs (docs/workflow.md)',
        response: {
          200: Type.Object({
            states: Type.Array(Type.Object({ code: Type.String(), label: Label, meaning: Label })),
            actions: Type.Array(
              Type.Object({
                code: Type.String(),
                label: Label,
                from: Type.Array(Type.String()),
                to: Type.String(),
                allowed: Type.Array(Type.Object({ role: Type.String(), scope: Type.String() })),
                inputs: Type.Array(
                  Type.Object({
                    name: Type.String(),
                    type: Type.String(),
                    required: Type.Boolean(),
                    label: Label,
                  }),
                ),
                event: Type.Object({ kind: Type.String(), visibility: Type.String() }),
              }),
            ),
            rejectReasons: Type.Array(
              Type.Object({ code: Type.String(), label: Label, guidance: Type.Union([Label, Type.Null()]) }),
            ),
          }),
        },
      },
    },
    async () => document,
  );

  app.get(
    '/api/v1/me/alerts',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Alerts for my positions (new assignment, return, answer to approve, due soon, overdue…), newest first',
        querystring: Type.Object({
          before: Type.Optional(
            Type.String({ pattern: '^[0-9]{1,19}$', description: 'An alert id: older ones' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              code: Type.String(),
              kind: Type.String(),
              audience: Type.String(),
              agencyId: Type.Union([Type.String(), Type.Null()]),
              createdAt: Type.String({ format: 'date-time' }),
              data: Type.Record(Type.String(), Type.Unknown()),
            }),
          ),
        },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return alertsFor(workflow.options.db, request.actor, request.query);
    },
  );

  app.get(
    '/api/v1/reports/:ref/workflow',
    {
      schema: {
        tags: ['reports'],
        summary:
          'What the signed-in user may do with a report now, and its deadlines (officers; the reporter)',
        params: RefParams,
        response: { 200: WorkflowView },
      },
    },
    async (request) => workflow.view(request.actor, request.params.ref),
  );

  app.post(
    '/api/v1/reports/:ref/workflow/:action',
    {
      schema: {
        tags: ['reports'],
        summary: 'Take a workflow action on a report; idempotent with Idempotency-Key',
        params: Type.Object({ ref: RefParams.properties.ref, action: OneOf(ACTION_CODES) }),
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
        }),
        body: Type.Object(
          {
            input: Type.Optional(
              Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
                description:
                  'The action’s inputs, as GET /api/v1/public/workflow lists them; dates in ISO 8601.',
              }),
            ),
            version: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            id: Type.String({ format: 'uuid' }),
            code: Type.String(),
            status: OneOf(WORKFLOW_STATES),
            version: Type.Integer(),
            eventId: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      const { ref, action } = request.params as { ref: string; action: string };
      const result = await workflow.act(request.actor, ref, action, request.body.input ?? {}, {
        ...(request.headers['idempotency-key'] !== undefined
          ? { idempotencyKey: request.headers['idempotency-key'] }
          : {}),
        ...(request.body.version !== undefined ? { version: request.body.version } : {}),
      });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return result.body;
    },
  );
};
