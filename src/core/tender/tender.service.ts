// Tender operations: create (draft), read, owner PATCH and publication (2-phase commit).
// Route → auth → validate → load → transition → save → view (architecture.md §3.3).
import type { OperationCtx, RequestCtx } from '../context.ts';
import { accreditationDenied, dataError, forbidden, permissionDenied } from '../http/errors.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import { validateOrThrow } from '../validation/request-model.ts';
import { tenderRelatedIds } from './tender-documents.ts';
import { isOwner, issueAccess } from '../auth/owner-token.ts';
import { hasLevel, isBroker } from '../auth/principal.ts';
import { acceleratorOf } from '../time/accelerator.ts';
import type { Duration, Procedure, RuleContext, TenderCtx, TenderingEdit } from './procedure.ts';
import { procedureOf } from './procedure-of.ts';
import { parseIso } from '../time/iso.ts';
import { addDuration, daysOf } from './durations.ts';
import { validateTenderConfig, type TenderConfig } from './tender-config.ts';
import { runRules } from './tender.rules.ts';
import { deriveTender, type DeriveContext } from './tender.derive.ts';
import { updateNextCheck, type ChronographEventCtx } from './chronograph.events.ts';
import { mergeTenderPatch } from './tender.merge.ts';
import { jsonEqual } from '../state/json-equal.ts';
import { insertTender, saveTender, type LoadedTender } from './tender.repository.ts';
import { prepareNewDocuments } from '../documents/document.service.ts';
import type { Tender } from './tender.types.ts';
import { applyTenderTransition } from './tender.state.ts';
import { invalidateBidsOnTenderChange } from './bid.state.ts';
import { assertTenderPatchWhileUnderReview, invalidateReviewApprovals } from './review-request.rules.ts';
import { newId } from '../ids.ts';

/** Sandbox acceleration of the tender's durations (platform.md §7.8); undefined outside sandbox mode. */
export function tenderAccelerator(ctx: OperationCtx, t: Tender): number | undefined {
  return ctx.deps.config.sandbox ? acceleratorOf(t.procurementMethodDetails) : undefined;
}

/** The context domain code runs in for tender `t` (its procedure, config, calendar, accelerator, now). */
export function tenderCtx(ctx: OperationCtx, t: Tender, procedure: Procedure = procedureOf(ctx.deps.procedures, t)): TenderCtx {
  return {
    procedure,
    config: (t.config ?? {}) as TenderConfig,
    now: ctx.now,
    nowIso: ctx.nowIso,
    calendar: ctx.deps.calendar,
    accelerator: tenderAccelerator(ctx, t),
  };
}

/** A TenderCtx that also collects the contracts the events create. */
export function chronographCtx(ctx: OperationCtx, t: Tender, procedure?: Procedure): ChronographEventCtx {
  return { ...tenderCtx(ctx, t, procedure), contractsCreated: [], contractsCancelled: [] };
}

export function deriveContext(ctx: OperationCtx, procedure: Procedure, t: Tender): DeriveContext {
  return {
    ...tenderCtx(ctx, t, procedure),
    quick: ctx.deps.config.sandbox && /quick/.test(String(t.submissionMethodDetails ?? '')),
    random: ctx.deps.random,
  };
}

export function ruleContext(
  ctx: OperationCtx,
  procedure: Procedure,
  t: Tender,
  before: Tender | null,
  patch: Record<string, unknown> | null,
  targetStatus?: string,
): RuleContext {
  return {
    ...tenderCtx(ctx, t, procedure),
    targetStatus: targetStatus ?? t.status,
    tender: t,
    before,
    patch,
    standards: ctx.deps.standards,
    sandbox: ctx.deps.config.sandbox,
  };
}

/** Recomputes derived data, then validates; used by every write that changes tender data. */
export function deriveAndValidate(
  ctx: OperationCtx,
  procedure: Procedure,
  t: Tender,
  before: Tender | null,
  patch: Record<string, unknown> | null,
  targetStatus?: string,
): void {
  deriveTender(t, deriveContext(ctx, procedure, t));
  runRules(procedure.rules, ruleContext(ctx, procedure, t, before, patch, targetStatus));
  updateNextCheck(t, chronographCtx(ctx, t, procedure));
}

export function assertTenderOwner(ctx: RequestCtx, tender: Tender): void {
  if (ctx.principal.role === 'Administrator') return;
  if (!isOwner(ctx, tender)) throw permissionDenied();
}

export interface CreatedTender {
  tender: Tender;
  token: string;
  transfer: string;
}

/**
 * A new tender built and checked from a create body, not yet stored: `createTender` inserts it alone,
 * a plan's tender route inserts it together with the plan it completes.
 */
export async function buildNewTender(ctx: RequestCtx, procedure: Procedure, data: Record<string, unknown>, rawConfig: unknown, linked?: LinkedTenderHooks): Promise<CreatedTender> {
  if (!isBroker(ctx.principal)) throw permissionDenied();
  const input = validateOrThrow<Record<string, unknown>>(procedure.models.tenderCreate(ctx.deps.config.sandbox), data, ctx, true);
  const config = validateTenderConfig(procedure.config, rawConfig, { coerceStrings: ctx.req.formEncoded === true });

  const kind = (input.procuringEntity as { kind?: string } | undefined)?.kind;
  if (!hasLevel(ctx.principal, ...procedure.createLevels) || (kind === 'central' && !hasLevel(ctx.principal, ...procedure.centralCreateLevels))) {
    throw accreditationDenied('tender', 'creation');
  }
  if (ctx.principal.permissions.has('t') && input.mode !== 'test') throw accreditationDenied('tender', 'creation', 'mode');

  const { stored: tokens, access } = issueAccess(ctx.deps.tokens);
  const day = ctx.nowIso.slice(0, 10);
  const seq = await ctx.deps.store.nextSequence(`tender_${day}`);
  const { documents: inlineDocs, ...rest } = input;
  const tender: Tender = {
    ...structuredClone(procedure.creationDefaults),
    ...rest,
    id: newId(),
    tenderID: `UA-${day}-${String(seq).padStart(6, '0')}-a`,
    procurementMethodType: procedure.type,
    status: 'draft',
    owner: ctx.principal.name ?? undefined,
    ...tokens,
    date: ctx.nowIso,
    dateCreated: ctx.nowIso,
    dateModified: ctx.nowIso,
    config,
  } as Tender;
  // Lot dates are the server's, whatever a client echoes back.
  for (const lot of tender.lots ?? []) lot.date = ctx.nowIso;
  if (config.hasAuction !== false && tender.submissionMethod === undefined) tender.submissionMethod = 'electronicAuction';
  if (Array.isArray(inlineDocs) && inlineDocs.length > 0) {
    tender.documents = prepareNewDocuments(ctx, `/tenders/${tender.id}/documents`, inlineDocs as Record<string, unknown>[], 'tender_owner', tenderRelatedIds(tender));
  }
  linked?.beforeValidation?.(tender);
  deriveAndValidate(ctx, procedure, tender, null, null);
  await linked?.afterValidation?.(tender);
  return { tender, ...access };
}

/** What a caller creating a tender for something else adds to the pipeline. */
export interface LinkedTenderHooks {
  /** Changes the new tender before its rules run (a plan link). */
  beforeValidation?(tender: Tender): void;
  /** Checks the validated tender against stored objects it refers to (linked plans); `before`: the stored tender of a PATCH. */
  afterValidation?(tender: Tender, before?: Tender): Promise<void>;
}

export async function createTender(ctx: RequestCtx, procedure: Procedure, data: Record<string, unknown>, rawConfig: unknown, linked?: LinkedTenderHooks): Promise<CreatedTender> {
  const created = await buildNewTender(ctx, procedure, data, rawConfig, linked);
  await insertTender(ctx, created.tender);
  ctx.log.info({ tenderId: created.tender.id, tenderID: created.tender.tenderID }, 'tender created');
  return created;
}

/** Some tender fields must leave bidders time: tenderPeriod.endDate ≥ now + `extension`. */
export function assertTenderPeriodExtended(ctx: RequestCtx, procedure: Procedure, tender: Tender, extension: Duration): void {
  const end = tender.tenderPeriod?.endDate ? parseIso(tender.tenderPeriod.endDate)?.ms : undefined;
  const tc = tenderCtx(ctx, tender, procedure);
  if (end !== undefined && end < addDuration(tc, ctx.now, extension)) {
    throw forbidden(`tenderPeriod should be extended by ${daysOf(tc, extension)}${extension.working ? ' working' : ''} days`);
  }
}

/** The tendering-time edit rules that apply to this tender now, if any (funders exception). */
function tenderingEditOf(ctx: RequestCtx, procedure: Procedure, tender: Tender): TenderingEdit | null {
  const edit = procedure.tenderingEdit;
  return edit && tender.status === 'active.tendering' && edit.appliesTo(tender, ctx.deps.config) ? edit : null;
}

/** A patch model narrowed to `fields`: anything else is a Rogue field. */
function narrowedModel(schema: ModelSchema, fields: readonly string[] | undefined): ModelSchema {
  if (fields === undefined) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => fields.includes(k)));
  return { ...schema, properties };
}

export async function patchTender(ctx: RequestCtx, procedure: Procedure, loaded: LoadedTender, readData: () => Record<string, unknown>, linked?: LinkedTenderHooks): Promise<Tender> {
  const before = loaded.tender;
  assertTenderOwner(ctx, before);
  const data = readData();
  const tenderingEdit = tenderingEditOf(ctx, procedure, before);
  const switching = procedure.statusOnlyStatuses?.includes(before.status) === true;
  if (!procedure.editableStatuses.includes(before.status) && !switching && !tenderingEdit && ctx.principal.role !== 'Administrator') {
    throw forbidden(`Can't update tender in current (${before.status}) status`);
  }
  if (ctx.principal.role !== 'Administrator') assertTenderPatchWhileUnderReview(before, Object.keys(data));
  const patchModel = procedure.models.tenderPatch(ctx.deps.config.sandbox);
  const patch = validateOrThrow<Record<string, unknown>>(tenderingEdit ? narrowedModel(patchModel, tenderingEdit.fields) : patchModel, data, ctx, false);
  // Explicit nulls delete fields (platform.md §2.8): keep them in the patch the merge sees.
  for (const [k, v] of Object.entries(data)) if (v === null && !(k in patch)) patch[k] = null;
  const required = new Set(procedure.models.tenderCreate(ctx.deps.config.sandbox).required ?? []);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null && required.has(k)) throw dataError(k, ['This field is required.']);
  }
  const targetStatus = typeof patch.status === 'string' ? patch.status : before.status;
  delete patch.status;

  const after = mergeTenderPatch(before, patch);
  deriveAndValidate(ctx, procedure, after, before, patch, targetStatus);
  if (tenderingEdit) assertTenderPeriodExtended(ctx, procedure, after, tenderingEdit.extension);
  // Bids priced against the old conditions must be re-submitted (only the owner's edits count).
  if (ctx.principal.role !== 'Administrator' && !jsonEqual(before, after)) {
    invalidateBidsOnTenderChange(after, ctx.nowIso);
    invalidateReviewApprovals(after);
  }
  if (targetStatus !== before.status) {
    applyTenderTransition(ruleContext(ctx, procedure, after, before, patch), targetStatus);
    updateNextCheck(after, chronographCtx(ctx, after, procedure));
  }
  await linked?.afterValidation?.(after, before);
  return saveTender(ctx, loaded, after);
}
