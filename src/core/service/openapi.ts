// The OpenAPI 3.1 document of the running server (extensions.md §7): every route the app serves
// (from the route table, so nothing registered can be missing) with the TypeBox input models of
// the registered procedures as request bodies. Built once, on first request, after all routes exist.
import type { AppDeps } from '../context.ts';
import type { RouteTable } from '../http/route-table.ts';
import { DocumentInput, DocumentPatch } from '../documents/document.schema.ts';
import type { Procedure, ProcedureModule } from '../tender/procedure.ts';
import type { ModelSchema } from '../validation/model-validator.ts';
import {
  CriterionInput, CriterionPatchInput, EligibleEvidenceInput, EligibleEvidencePatchInput, RequirementGroupInput, RequirementGroupPatchInput, RequirementInput,
  RequirementPatchInput,
} from '../tender/criteria/criterion.schema.ts';
import { QualificationPatchInput } from '../tender/prequalification/qualification.service.ts';
import { FEED_FILTER_DESCRIPTIONS, FEED_FILTER_PARAMS } from '../storage/feed-filters.ts';
import { REQUEST_EXAMPLES } from './openapi-examples.ts';
import { PlanCreateInput, PlanDocumentInput, PlanDocumentPatch, PlanMilestoneCreateInput, PlanMilestonePatchInput, PlanPatchInput, PlanRelationInput } from '../planning/plan.schema.ts';

type Json = Record<string, unknown>;

/** The documentation page; the routes under it (the page's assets) are not API operations. */
export const DOCS_PATH = '/api/2.5/docs';

/**
 * Who a request is (a broker key, platform.md §3) and what it may change (an object's owner
 * token): the schemes the page's "Authorize" dialog offers for try-it.
 */
const SECURITY_SCHEMES: Json = {
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'A broker (or other platform) key as the user name, with an empty password: `Authorization: Basic base64(key + ":")`.',
  },
  bearer: { type: 'http', scheme: 'bearer', description: 'The same key as a bearer token: `Authorization: Bearer <key>`.' },
  accToken: {
    type: 'apiKey',
    in: 'query',
    name: 'acc_token',
    description: "The owner token of an object (`access.token` of its create answer): needed with the broker's key to change a tender, bid, plan, contract, complaint, ...",
  },
  accTokenHeader: { type: 'apiKey', in: 'header', name: 'X-Access-Token', description: 'The owner token in a header instead of `acc_token`.' },
};

const ERROR_ENVELOPE: Json = {
  type: 'object',
  required: ['status', 'errors'],
  properties: {
    status: { const: 'error' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['location', 'name', 'description'],
        properties: { location: { type: 'string' }, name: { type: 'string' }, description: {} },
      },
    },
  },
};

/**
 * An API object as answered: its full shape is per procedure and not modelled here, only the
 * members typed clients rely on (the rest are open).
 */
const RESOURCE: Json = {
  type: 'object',
  properties: { id: { type: 'string' }, status: { type: 'string' }, dateModified: { type: 'string' } },
  additionalProperties: true,
};

/** `{"data": <object>}`, with the owner's `access` on creates and the tender `config`. */
const RESOURCE_ENVELOPE: Json = {
  type: 'object',
  required: ['data'],
  properties: {
    data: { $ref: '#/components/schemas/Resource' },
    access: { type: 'object', required: ['token'], properties: { token: { type: 'string' }, transfer: { type: 'string' } } },
    config: { type: 'object', additionalProperties: true },
  },
};

/** `{"data": <object or list>}`: creates that also take a list (documents, criteria, requirement responses, tender plans). */
const RESOURCE_OR_LIST_ENVELOPE: Json = {
  type: 'object',
  required: ['data'],
  properties: { data: { oneOf: [{ $ref: '#/components/schemas/Resource' }, { type: 'array', items: { $ref: '#/components/schemas/Resource' } }] } },
};

/**
 * The success body of a route, where it is known to be one API object: answers on an object's
 * own url (not the OCDS record or history views) and creates. Feeds, lists and the service
 * routes stay a plain object.
 */
function successSchema(method: string, url: string): Json {
  if (!url.startsWith('/api/2.5/') || /^\/api\/2\.5\/(records|history)\//.test(url)) return { type: 'object' };
  if (method !== 'POST') return url.endsWith('}') ? { $ref: '#/components/schemas/ResourceEnvelope' } : { type: 'object' };
  if (url.endsWith('}')) return { type: 'object' };
  if (isDocumentRoute(url) || /\/(criteria|requirement_responses)$/.test(url) || /\}\/plans$/.test(url)) return { $ref: '#/components/schemas/ResourceOrListEnvelope' };
  return { $ref: '#/components/schemas/ResourceEnvelope' };
}

/**
 * A member the validator fills with its `default` is not required from the client: the models
 * list it in `required` (they check the body after defaults are applied), the document must not.
 */
function defaultsOptional(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(defaultsOptional);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) out[k] = defaultsOptional(v);
  const props = out.properties as Record<string, Json> | undefined;
  if (Array.isArray(out.required) && props) {
    const required = (out.required as string[]).filter((name) => props[name]?.default === undefined);
    if (required.length > 0) out.required = required;
    else delete out.required;
  }
  return out;
}

/** Plain JSON Schema of a TypeBox model as a client sends it (symbol keys dropped, defaulted members optional). */
const plain = (schema: unknown): Json => defaultsOptional(JSON.parse(JSON.stringify(schema))) as Json;

/** `{"data": <one of the procedures' models>}`, plus extra members (tender `config`). */
function envelope(models: ModelSchema[], extra: Json = {}): Json {
  const variants = models.map(plain);
  const data = variants.length === 1 ? variants[0] : { oneOf: variants };
  return { type: 'object', required: ['data'], properties: { data, ...extra } };
}

/** Request body models by `METHOD url-pattern`, from every registered procedure. */
function bodyModels(procedures: readonly Procedure[], sandbox: boolean): Map<string, Json> {
  const all = (pick: (p: Procedure) => ModelSchema): ModelSchema[] => procedures.map(pick);
  /** The models of the procedures that have the module (an absent one's routes answer 404). */
  const having = (module: ProcedureModule, pick: (p: Procedure) => ModelSchema): ModelSchema[] => procedures.filter((p) => p.modules.has(module)).map(pick);
  const awardCreates = procedures.flatMap((p) => (p.awarding.posting ? [p.awarding.posting.model] : []));
  const documentPost = envelope([DocumentInput as unknown as ModelSchema]);
  const documentPatch = envelope([DocumentPatch as unknown as ModelSchema]);
  const t = '/api/2.5/tenders';
  const out = new Map<string, Json>([
    [`POST ${t}`, envelope(all((p) => p.models.tenderCreate(sandbox)), { config: { type: 'object', description: 'Tender configuration (per procedure).' } })],
    [`PATCH ${t}/:tender_id`, envelope(all((p) => p.models.tenderPatch(sandbox)))],
    [`POST ${t}/:tender_id/lots`, envelope(having('lots', (p) => p.models.lotCreate))],
    [`PATCH ${t}/:tender_id/lots/:lot_id`, envelope(having('lots', (p) => p.models.lotPatch))],
    [`POST ${t}/:tender_id/questions`, envelope(having('questions', (p) => p.models.questionCreate))],
    [`PATCH ${t}/:tender_id/questions/:question_id`, envelope(having('questions', (p) => p.models.questionAnswer))],
    [`POST ${t}/:tender_id/bids`, envelope(having('bids', (p) => p.models.bidCreate))],
    [`PATCH ${t}/:tender_id/bids/:bid_id`, envelope(having('bids', (p) => p.models.bidPatch))],
    [`PATCH ${t}/:tender_id/awards/:award_id`, envelope(all((p) => p.models.awardPatch))],
    // Every document collection and document (tender, bid, award, ... lists) shares these.
    ...(awardCreates.length > 0 ? [[`POST ${t}/:tender_id/awards`, envelope(awardCreates)] as [string, Json]] : []),
    ['documents:POST', documentPost],
    ['documents:PATCH', documentPatch],
  ]);
  if (procedures.some((p) => p.modules.has('qualifications'))) out.set(`PATCH ${t}/:tender_id/qualifications/:qualification_id`, envelope([QualificationPatchInput]));
  if (procedures.some((p) => p.criteria)) {
    const c = `${t}/:tender_id/criteria`;
    const g = `${c}/:criterion_id/requirement_groups`;
    const r = `${g}/:requirement_group_id/requirements`;
    const e = `${r}/:requirement_id/evidences`;
    const one = (m: unknown): Json => envelope([m as ModelSchema]);
    out.set(`POST ${c}`, { type: 'object', required: ['data'], properties: { data: { oneOf: [plain(CriterionInput), { type: 'array', items: plain(CriterionInput) }] } } });
    out.set(`PATCH ${c}/:criterion_id`, one(CriterionPatchInput));
    out.set(`POST ${g}`, one(RequirementGroupInput));
    out.set(`PATCH ${g}/:requirement_group_id`, one(RequirementGroupPatchInput));
    out.set(`POST ${r}`, one(RequirementInput));
    out.set(`PATCH ${r}/:requirement_id`, one(RequirementPatchInput));
    out.set(`PUT ${r}/:requirement_id`, one(RequirementPatchInput));
    out.set(`POST ${e}`, one(EligibleEvidenceInput));
    out.set(`PATCH ${e}/:evidence_id`, one(EligibleEvidencePatchInput));
  }
  const p = '/api/2.5/plans';
  out.set(`POST ${p}`, envelope([PlanCreateInput]));
  out.set(`PATCH ${p}/:plan_id`, envelope([PlanPatchInput]));
  out.set(`POST ${p}/:plan_id/tenders`, out.get(`POST ${t}`)!);
  out.set(`POST ${t}/:tender_id/plans`, envelope([PlanRelationInput]));
  out.set(`POST ${p}/:plan_id/milestones`, envelope([PlanMilestoneCreateInput]));
  out.set(`PATCH ${p}/:plan_id/milestones/:milestone_id`, envelope([PlanMilestonePatchInput]));
  for (const docs of [`${p}/:plan_id/documents`, `${p}/:plan_id/milestones/:milestone_id/documents`]) {
    out.set(`POST ${docs}`, envelope([PlanDocumentInput]));
    out.set(`PUT ${docs}/:document_id`, envelope([PlanDocumentInput]));
    out.set(`PATCH ${docs}/:document_id`, envelope([PlanDocumentPatch]));
  }
  return out;
}

const isDocumentRoute = (url: string): boolean => /\/(documents|[a-z]+_documents)(\/:document_id)?$/.test(url);

function bodyFor(models: Map<string, Json>, method: string, url: string): Json | undefined {
  const exact = models.get(`${method} ${url}`);
  if (exact) return exact;
  if (isDocumentRoute(url)) {
    if (method === 'POST' || method === 'PUT') return models.get('documents:POST');
    if (method === 'PATCH') return models.get('documents:PATCH');
  }
  if (method === 'POST' || method === 'PATCH' || method === 'PUT') return { type: 'object', required: ['data'], properties: { data: { type: 'object' } } };
  return undefined;
}

const query = (name: string, description: string): Json => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });

/** Paging of every feed (platform.md §4.4). */
const FEED_PAGING: Json[] = [
  query('offset', 'Feed position: the `offset` of a `next_page` / `prev_page` link (or an ISO 8601 date-time, or epoch seconds).'),
  query('limit', 'Items per page, 1–1000 (default 100).'),
  query('descending', 'Any non-empty value: newest first.'),
  query('mode', '`test`: test documents only; `_all_`: every document; absent: real documents only.'),
];

/** Query parameters by `METHOD url`: the feeds' paging and filters, the push feeds' resume options. */
function queryParameters(method: string, url: string): Json[] {
  if (method !== 'GET') return [];
  const feeds = ['/api/2.5/tenders', '/api/2.5/contracts', '/api/2.5/plans'];
  if (feeds.includes(url)) {
    const optFields = query('opt_fields', 'Extra item fields, comma-separated (from the feed\'s whitelist).');
    // The plans feed takes the reference's parameters only.
    if (url === '/api/2.5/plans') return [...FEED_PAGING, optFields];
    return [
      ...FEED_PAGING,
      optFields,
      ...FEED_FILTER_PARAMS.map((name) => query(name, `Filter: ${FEED_FILTER_DESCRIPTIONS[name] ?? ''} Unknown parameters are refused (422).`)),
    ];
  }
  if (url === '/api/2.5/releases') return FEED_PAGING;
  if (feeds.some((f) => url === `${f}/stream`)) {
    return [
      query('offset', 'Resume after this feed offset (an event id, or a polling page\'s offset); the `Last-Event-ID` header wins. Absent: from now on.'),
      query('mode', 'As in the polling feed.'),
      query('opt_fields', 'As in the polling feed.'),
    ];
  }
  return [];
}

/** `/api/2.5/tenders/:tender_id/bids` → `/api/2.5/tenders/{tender_id}/bids` and its path parameters. */
function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg;
      params.push(seg.slice(1));
      return `{${seg.slice(1)}}`;
    })
    .join('/');
  return { path, params };
}

/** The tag of a route: the collection it belongs to (`tenders`, `bids`, `documents`, ...). */
function tagOf(url: string): string {
  const named = url.split('/').filter((s) => s !== '' && !s.startsWith(':') && s !== 'api' && s !== '2.5');
  return named.length > 2 ? named[named.length - 1]! : (named[named.length - 1] ?? 'service');
}

export function buildOpenApiDocument(routes: RouteTable, deps: AppDeps, version: string): Json {
  const models = bodyModels(deps.procedures.list(), deps.config.sandbox);
  const paths: Record<string, Json> = {};
  const methodsByUrl = new Map<string, string[]>();
  for (const { method, url } of routes.list()) methodsByUrl.set(url, [...(methodsByUrl.get(url) ?? []), method].sort());
  for (const [url, methods] of [...methodsByUrl].sort(([a], [b]) => a.localeCompare(b))) {
    if (url.includes('*') || url.startsWith(`${DOCS_PATH}/`)) continue;
    const { path, params } = openApiPath(url);
    const item: Json = {};
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      const operation: Json = {
        tags: [tagOf(url)],
        operationId: `${method.toLowerCase()} ${path}`,
        parameters: [...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...queryParameters(method, url)],
        responses: {
          '2XX': { description: 'Success: `{"data": ...}`', content: { 'application/json': { schema: successSchema(method, path) } } },
          default: { description: 'Error envelope', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
        },
      };
      const body = bodyFor(models, method, url);
      const example = REQUEST_EXAMPLES.get(`${method} ${url}`);
      if (body) operation.requestBody = { required: true, content: { 'application/json': { schema: body, ...(example ? { example } : {}) } } };
      item[method.toLowerCase()] = operation;
    }
    if (Object.keys(item).length > 0) paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenProcurement CDB API (TypeScript)',
      version,
      description: 'Wire-compatible re-implementation of the ProZorro / OpenProcurement central database API 2.5.',
    },
    servers: [{ url: deps.config.publicUrl ?? '/' }],
    components: {
      schemas: { ErrorEnvelope: ERROR_ENVELOPE, Resource: RESOURCE, ResourceEnvelope: RESOURCE_ENVELOPE, ResourceOrListEnvelope: RESOURCE_OR_LIST_ENVELOPE },
      securitySchemes: SECURITY_SCHEMES,
    },
    // Reads need no key; writes need a key, and changes of an owned object its owner token too.
    security: [{ basic: [] }, { bearer: [] }, { accToken: [] }, { accTokenHeader: [] }, {}],
    paths,
  };
}
