// A valid plan body: the planning tutorial's (plans.md §5.1), the same the OpenAPI document shows
// as its example, with nothing that needs the standards data beyond what the tutorial's server
// had; tests change what they exercise.
import type { Json } from './api.ts';
import { PLAN_CREATE_EXAMPLE } from '../../src/core/service/openapi-examples.ts';

export function planBody(overrides: Json = {}): Json {
  return { ...(structuredClone(PLAN_CREATE_EXAMPLE.data) as Json), ...overrides };
}
