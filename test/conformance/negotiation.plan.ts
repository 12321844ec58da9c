// What the harness does for the negotiation tutorial (shared/conformance/negotiation) beyond ORDER:
// the steps its OUT-OF-BAND.md lists. The recording forced the tender to `active` in the database
// and created and approved the award with requests stored by another run (skipped there); the
// replay makes the same state through the API, as the tender owner, and maps the recorded ids.
import type { SetPlan } from './sets.ts';
import type { EmulationApi } from './replay.ts';
import { isPlainObject } from './id-map.ts';

const TENDER = /\/tenders\/([0-9a-f]{32})/;
const AWARD = /\/awards\/([0-9a-f]{32})/;
const CONTRACT = /\/contracts\/([0-9a-f]{32})/;

/** The winner the skipped award request named (a supplier with its contact point). */
const SUPPLIER = {
  name: 'Державне комунальне підприємство громадського харчування «Школяр»',
  identifier: { scheme: 'UA-EDR', id: '00137256', legalName: 'Державне комунальне підприємство громадського харчування «Школяр»' },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21100', region: 'Вінницька область', streetAddress: 'вул. Островського, 33' },
  contactPoint: { name: 'Сергій Олексюк', telephone: '+380432216930', email: 'soleksuk@gmail.com' },
  scale: 'micro',
};

async function ourTender(api: EmulationApi, recTenderId: string): Promise<Record<string, unknown> | undefined> {
  const ours = api.ours(recTenderId);
  if (ours === undefined) return undefined;
  const r = await api.asOwner(recTenderId, 'GET', `/api/2.5/tenders/${ours}`);
  return r && isPlainObject(r.json) && isPlainObject(r.json.data) ? r.json.data : undefined;
}

/** db:set_status active, then the award the skipped `tender-negotiation-award.http` posted. */
async function activeTenderWithAward(recTenderId: string, recAwardId: string, api: EmulationApi): Promise<string[]> {
  const out: string[] = [];
  const tender = await ourTender(api, recTenderId);
  if (!tender || api.ours(recAwardId) !== undefined) return out;
  if (tender.status === 'draft') {
    const r = await api.asOwner(recTenderId, 'PATCH', `/api/2.5/tenders/${String(tender.id)}`, { status: 'active' });
    out.push(`PATCH status active (db:set_status) → ${r?.status}`);
  }
  const lotID = Array.isArray(tender.lots) && isPlainObject(tender.lots[0]) ? tender.lots[0].id : undefined;
  const r = await api.asOwner(recTenderId, 'POST', `/api/2.5/tenders/${String(tender.id)}/awards`, {
    suppliers: [SUPPLIER],
    value: { amount: 475000 },
    ...(lotID === undefined ? {} : { lotID }),
  });
  const award = r && isPlainObject(r.json) && isPlainObject(r.json.data) ? r.json.data : undefined;
  if (award && typeof award.id === 'string') api.learn(recAwardId, award.id);
  out.push(`POST award (skipped tender-negotiation-award.http) → ${r?.status}`);
  return out;
}

/** The approval the skipped `tender-negotiation-award-approve.http` made: the award active, its contract mapped. */
async function approvedAwardContract(recTenderId: string, recContractId: string, api: EmulationApi): Promise<string[]> {
  if (api.ours(recContractId) !== undefined) return [];
  const tender = await ourTender(api, recTenderId);
  const awards = Array.isArray(tender?.awards) ? tender.awards.filter(isPlainObject) : [];
  const award = awards.find((a) => a.status === 'pending');
  const out: string[] = [];
  if (tender && award) {
    const r = await api.asOwner(recTenderId, 'PATCH', `/api/2.5/tenders/${String(tender.id)}/awards/${String(award.id)}`, { status: 'active', qualified: true });
    out.push(`PATCH award active (skipped tender-negotiation-award-approve.http) → ${r?.status}`);
  }
  const after = await ourTender(api, recTenderId);
  const contract = (Array.isArray(after?.contracts) ? after.contracts.filter(isPlainObject) : []).at(-1);
  if (contract && typeof contract.id === 'string') api.learn(recContractId, contract.id);
  return out;
}

export const NEGOTIATION_PLAN: SetPlan = {
  async beforeFile(file, ex, api) {
    const tender = TENDER.exec(ex.request.path)?.[1];
    const award = AWARD.exec(ex.request.path)?.[1];
    if (file === 'unsuccessful-qualified-award.http' && tender && award) return activeTenderWithAward(tender, award, api);
    const contract = CONTRACT.exec(ex.request.path)?.[1];
    // A contract request names no tender: the set's tender is the one it created last.
    const recTender = api.createdTenders().at(-1);
    if (contract && recTender) return approvedAwardContract(recTender, contract, api);
    return [];
  },
};
