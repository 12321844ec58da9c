// Request body examples for the OpenAPI document (extensions.md §7): the planning tutorial's plan
// and the tender tutorial's belowThreshold tender (openapi-examples/*.json, the bodies our tests
// and benchmarks send). Data files, read once; the dates are the tutorials' (a real client sends
// its own).
import fs from 'node:fs';

type Json = Record<string, unknown>;

const read = (name: string): Json => JSON.parse(fs.readFileSync(new URL(`./openapi-examples/${name}.json`, import.meta.url), 'utf8')) as Json;

/** `POST /api/2.5/tenders`: a tender without lots, with its config. */
export const TENDER_CREATE_EXAMPLE: Json = read('tender-create');

/** `POST /api/2.5/plans`: the planning tutorial's plan. */
export const PLAN_CREATE_EXAMPLE: Json = read('plan-create');

/** Examples by `METHOD url-pattern` (the route table's form). */
export const REQUEST_EXAMPLES: ReadonlyMap<string, Json> = new Map([
  ['POST /api/2.5/tenders', TENDER_CREATE_EXAMPLE],
  ['POST /api/2.5/plans', PLAN_CREATE_EXAMPLE],
]);
