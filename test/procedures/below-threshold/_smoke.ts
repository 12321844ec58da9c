import { buildTestApp } from '../../helpers/app.ts';
import * as b from './builders.ts';
for (const backend of (process.env.DATABASE_URL ? ['sqlite','postgres'] : ['sqlite']) as any[]) {
const { app, close, deps } = await buildTestApp({ backend, trustedDsKeys: [b.REFERENCE_DS_KEY] });
await b.setClock(app, b.START);
const t = await b.createTender(app);
const fields = ['title','title_en','title_ru','description','description_en','description_ru','awardCriteriaDetails','awardCriteriaDetails_en','awardCriteriaDetails_ru','eligibilityCriteria','eligibilityCriteria_en','eligibilityCriteria_ru','procurementMethodRationale','procurementMethodRationale_en','procurementMethodRationale_ru','submissionMethodDetails','submissionMethodDetails_en','submissionMethodDetails_ru','contractTemplateName','procurementMethodDetails'];
const rs = await Promise.all(fields.map((f) => b.api(app, 'PATCH', b.ownerUrl(t), { body: { data: { [f]: `v-${f}` } } })));
console.log(backend, rs.map((r) => r.status).join(','));
const g = await b.getTender(app, t.id);
console.log(fields.filter((f) => g[f] === `v-${f}`).length);
const revs = await deps.store.revisions('tenders', t.id); console.log('revs', revs.length);
const r2 = await b.api(app, 'PATCH', b.ownerUrl(t), { body: { data: { value: { amount: 600 } } } });
console.log(r2.status, r2.body.slice(0, 300));
await close();
}
