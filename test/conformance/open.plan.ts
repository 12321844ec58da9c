// What the harness does for the open tutorials (shared/conformance/open-ua, above-threshold) beyond
// ORDER: the recording created its tender with a request whose file it later overwrote with a fresh
// draft POST (OUT-OF-BAND.md flags it), so ORDER starts on a tender it never created. The replay
// creates a stand-in with that file's request and maps the recorded tender and its owner token.
import type { SetPlan } from './sets.ts';

const TENDER = /\/tenders\/([0-9a-f]{32})/;
const CREATE_FILE = 'tender-post-attempt-json-data.http';

export const OPEN_PLAN: SetPlan = {
  async beforeFile(_file, ex, api) {
    const tender = TENDER.exec(ex.request.path)?.[1];
    if (tender === undefined || api.ours(tender) !== undefined || api.createdTenders().length > 0) return [];
    const status = await api.createStandIn(tender, CREATE_FILE);
    return [`stand-in for ${tender}: POST with the request of ${CREATE_FILE} (overwritten in the recording) → ${status}`];
  },
};
