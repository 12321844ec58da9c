// An open procedure with prequalification (open-procedures.md §4): the same procedure value with
// the two pre-qualification stages in its tables, qualifications and their complaints as modules,
// the stand-still's end among its chronograph events, and bids shown by stage.
import type { Procedure, TenderRule } from '../procedure.ts';
import type { ModelSchema } from '../../validation/model-validator.ts';
import { Enum } from '../../validation/schema-primitives.ts';
import { fixedConfigKey } from '../tender-config.ts';
import { forbidden } from '../../http/errors.ts';
import {
  liveQualifications, PREQUALIFICATION, PREQUALIFICATION_STATUSES, PREQUALIFICATION_TIME_EDGES, STAND_STILL, planQualificationPeriod, prequalificationOwnerEdges,
  prequalificationBidFields, standStillEndEvents, type PrequalificationDurations,
} from './prequalification.ts';
import type { Cancellation, Tender } from '../tender.types.ts';
import { auctionEvents } from '../chronograph.events.ts';
import type { BidFieldsRule } from '../bid.view.ts';

/** In the pre-qualification stages the owner only switches between them. */
const statusSwitchesOnly: TenderRule = (rc) => {
  const status = rc.before?.status;
  if (!rc.before || !rc.patch) return;
  if (rc.targetStatus === STAND_STILL && status !== PREQUALIFICATION) throw forbidden(`Can't switch to '${STAND_STILL}' from ${String(status)}`);
  if (!PREQUALIFICATION_STATUSES.includes(String(status))) return;
  if (Object.keys(rc.patch).length > 0 || rc.targetStatus === status) throw forbidden(`Can't update tender at '${String(status)}' status`);
};

/** Nothing to cancel when every qualification (of the scope's active lots) rejected its bid. */
function assertNotAllQualificationsUnsuccessful(tender: Tender, c: Pick<Cancellation, 'relatedLot'>): void {
  if (!PREQUALIFICATION_STATUSES.includes(tender.status)) return;
  const scope = liveQualifications(tender).filter((q) => c.relatedLot === undefined || q.lotID === c.relatedLot);
  if (scope.length > 0 && scope.every((q) => q.status === 'unsuccessful')) throw forbidden("Can't perform cancellation if all qualifications are unsuccessful");
}

/** No cancellation while the stand-still runs (the tender leaves the status when it ends). */
function assertNoRunningStandStill(tender: Tender, c: Pick<Cancellation, 'id'>): void {
  if (tender.status === STAND_STILL) throw forbidden(`Cancellation can't be ${c.id ? 'update' : 'add'} when exists active complaint period`);
}

/** The tender PATCH model with the two stages among the statuses the owner may ask for (built once per sandbox flag). */
function withStageStatuses(patch: (sandbox: boolean) => ModelSchema): (sandbox: boolean) => ModelSchema {
  const built = new Map<boolean, ModelSchema>();
  return (sandbox) => {
    let m = built.get(sandbox);
    if (!m) {
      const model = patch(sandbox);
      const current = (model.properties?.status?.anyOf ?? []).map((s) => String(s.const));
      const status = Enum([...current, ...PREQUALIFICATION_STATUSES]) as unknown as ModelSchema;
      m = { ...model, properties: { ...model.properties, status } };
      built.set(sandbox, m);
    }
    return m;
  };
}

export function withPrequalification(base: Procedure, durations: PrequalificationDurations): Procedure {
  const beforeAwarding = ['draft', 'active.tendering', ...PREQUALIFICATION_STATUSES, 'active.auction'];
  // The stand-still's end comes before the auction's events, as the stages do.
  const sources = base.chronograph.sources;
  const auctionIndex = sources.indexOf(auctionEvents);
  return {
    ...base,
    modules: new Set([...base.modules, 'qualifications']),
    models: { ...base.models, tenderPatch: withStageStatuses(base.models.tenderPatch) },
    transitions: {
      ...base.transitions,
      tenderOwner: base.transitions.tenderOwner.merge({ states: [...PREQUALIFICATION_STATUSES], add: prequalificationOwnerEdges(durations) }),
      tenderTime: base.transitions.tenderTime.merge({ states: [...PREQUALIFICATION_STATUSES], add: PREQUALIFICATION_TIME_EDGES }),
    },
    chronograph: { ...base.chronograph, sources: [...sources.slice(0, auctionIndex), standStillEndEvents, ...sources.slice(auctionIndex)] },
    stages: { ...base.stages, beforeAwarding },
    views: { ...base.views, sealedStatuses: ['draft', 'active.tendering'], bidFields: (t) => prequalificationBidFields(t) as BidFieldsRule },
    config: {
      ...base.config,
      hasPrequalification: fixedConfigKey(true),
      hasQualificationComplaints: fixedConfigKey(true),
      qualificationComplainDuration: fixedConfigKey(durations.standStill.days),
      qualificationDuration: fixedConfigKey(durations.qualification.days),
    },
    statusOnlyStatuses: PREQUALIFICATION_STATUSES,
    bids: { ...base.bids, hiddenInStatuses: ['active.tendering'] },
    complaints: { ...base.complaints, qualificationStatuses: PREQUALIFICATION_STATUSES },
    cancellations: { ...base.cancellations, extraChecks: [...base.cancellations.extraChecks, assertNotAllQualificationsUnsuccessful, assertNoRunningStandStill] },
    awarding: { ...base.awarding, milestoneCodes: base.awarding.milestoneCodes.filter((c) => c !== '24h') },
    rules: [statusSwitchesOnly, ...base.rules],
    prequalification: durations,
    derive(t, tc) {
      base.derive?.(t, tc);
      planQualificationPeriod(t, tc, durations);
    },
  };
}
