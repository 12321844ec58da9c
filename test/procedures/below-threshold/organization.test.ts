// Organization checks of the tender (below-threshold.md §1.5): contact point and address rules.
import { before, test } from 'node:test';
import { describeApp } from '../../helpers/app.ts';
import { api, expectError, expectStatus, setClock } from '../../helpers/api.ts';
import { START, tenderBody, tenderData } from '../../helpers/recorded-tender.ts';

const entity = (contactPoint: Record<string, unknown>) => ({
  ...(tenderData().procuringEntity as Record<string, unknown>),
  contactPoint,
});

describeApp('tender organizations', {}, (t) => {
  before(async () => {
    await setClock(t.app, START);
  });

  test('POST /tenders with a contact point without email and telephone → 422 under email', async () => {
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { auth: 'broker', body: tenderBody({ procuringEntity: entity({ name: 'X' }) }) });
    expectError(res, 422, 'body', 'procuringEntity', { contactPoint: { email: ['telephone or email should be present'] } });
  });

  test('POST /tenders with a malformed telephone → 422 wrong telephone format', async () => {
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { auth: 'broker', body: tenderBody({ procuringEntity: entity({ name: 'X', telephone: 'call me' }) }) });
    expectError(res, 422, 'body', 'procuringEntity', { contactPoint: { telephone: ['wrong telephone format (could be missed +)'] } });
  });

  test('POST /tenders with an email only → 201', async () => {
    const res = await api(t.app, 'POST', '/api/2.5/tenders', { auth: 'broker', body: tenderBody({ procuringEntity: entity({ name: 'X', email: 'a@b.ua' }) }) });
    expectStatus(res, 201);
  });
});
