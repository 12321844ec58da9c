// Example: create a belowThreshold tender, publish it and read it back with the typed client.
//
//   CDB_URL=http://127.0.0.1:8000 CDB_KEY=broker node clients/ts/example.ts
//
// Publishing needs what the reference needs: a lot with every item linked to it, a
// `contractProforma` document and a signed `notice` (`*.p7s`). The documents' files go to the
// server's built-in document service (/ds), whose signed urls the API trusts.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createCdbClient, ownerHeaders, type CdbClient, type paths } from './index.ts';

type TenderCreateBody = paths['/api/2.5/tenders']['post']['requestBody']['content']['application/json'];
type Resource = { id?: string; status?: string; [k: string]: unknown };

/** A minimal belowThreshold create body (examples/tender-create.json, fewer fields): periods years ahead. */
export function exampleTenderBody(): TenderCreateBody {
  const year = new Date().getUTCFullYear() + 2;
  return {
    data: {
      title: 'футляри до державних нагород',
      procurementMethodType: 'belowThreshold',
      mainProcurementCategory: 'goods',
      procuringEntity: {
        name: 'Державне управління справами',
        identifier: { scheme: 'UA-EDR', id: '00037256', uri: 'http://www.dus.gov.ua/' },
        address: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' },
        contactPoint: { name: 'Державне управління справами', telephone: '+0440000000' },
        kind: 'general',
        signerInfo: { name: 'Test Testovich', telephone: '+380950000000', email: 'example@email.com', iban: '111111111111111', authorizedBy: 'Статут компанії', position: 'Генеральний директор' },
      },
      value: { amount: 500, currency: 'UAH' },
      items: [
        {
          description: 'футляри до державних нагород',
          classification: { scheme: 'ДК021', id: '44617100-9', description: 'Cartons' },
          additionalClassifications: [{ scheme: 'ДКПП', id: '17.21.1', description: 'папір і картон гофровані, паперова й картонна тара' }],
          unit: { name: 'кілограм', code: 'KGM' },
          quantity: 5,
        },
      ],
      enquiryPeriod: { endDate: `${year}-01-08T00:00:00+02:00` },
      tenderPeriod: { endDate: `${year}-01-15T00:00:00+02:00` },
      milestones: [{ title: 'signingTheContract', type: 'financing', code: 'postpayment', duration: { days: 30, type: 'calendar' }, sequenceNumber: 1, percentage: 100 }],
    },
    config: {
      hasAuction: true, hasAwardingOrder: true, hasValueRestriction: true, valueCurrencyEquality: true, hasPrequalification: false, minBidsNumber: 1,
      hasPreSelectionAgreement: false, hasTenderComplaints: false, hasAwardComplaints: false, hasCancellationComplaints: false, hasValueEstimation: true,
      hasQualificationComplaints: false, tenderComplainRegulation: 0, qualificationComplainDuration: 0, awardComplainDuration: 2, cancellationComplainDuration: 0,
      clarificationUntilDuration: 1, qualificationDuration: 0, minTenderingDuration: 2, hasEnquiries: true, minEnquiriesDuration: 3, enquiryPeriodRegulation: 0, restricted: false,
    },
  };
}

/** Throws with the error envelope when a call failed; returns its data otherwise. */
function ok<T>(what: string, res: { data?: T; error?: unknown; response: Response }): T {
  if (res.error !== undefined || res.data === undefined) throw new Error(`${what}: ${res.response.status} ${JSON.stringify(res.error)}`);
  return res.data;
}

/** Uploads bytes to the built-in document service; returns the signed url and hash to attach. */
async function uploadFile(client: CdbClient, name: string, type: string, bytes: Uint8Array): Promise<{ url: string; hash: string }> {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  // The OpenAPI document describes JSON bodies only: the multipart form goes through as is.
  const res = await client.POST('/ds/upload', { body: form as never, bodySerializer: (b) => b as unknown as FormData });
  const data = ok('upload', res).data as { url: string; hash: string } | undefined;
  if (!data) throw new Error('upload: no data');
  const md5 = `md5:${createHash('md5').update(bytes).digest('hex')}`;
  if (data.hash !== md5) throw new Error(`upload: hash ${data.hash}, expected ${md5}`);
  return { url: data.url, hash: data.hash };
}

export interface PublishedTender {
  id: string;
  token: string;
  status: string | undefined;
}

/** Create → lot → items linked → proforma and notice documents → `active.enquiries`. */
export async function createAndPublishTender(client: CdbClient): Promise<PublishedTender> {
  const created = ok('create', await client.POST('/api/2.5/tenders', { body: exampleTenderBody() }));
  const id = created.data.id!;
  const token = created.access!.token;
  const owner = { params: { path: { tender_id: id } }, headers: ownerHeaders(token) };

  const lot = ok('lot', await client.POST('/api/2.5/tenders/{tender_id}/lots', {
    ...owner,
    body: { data: { title: 'lot', value: { amount: 500, currency: 'UAH' }, minimalStep: { amount: 15, currency: 'UAH' } } },
  }));
  const items = (created.data.items as Resource[]).map((item) => ({ ...item, relatedLot: lot.data.id! }));
  ok('relate items', await client.PATCH('/api/2.5/tenders/{tender_id}', { ...owner, body: { data: { items } as never } }));

  const proforma = await uploadFile(client, 'contractProforma.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.4 proforma'));
  ok('proforma', await client.POST('/api/2.5/tenders/{tender_id}/documents', {
    ...owner,
    body: { data: { title: 'contractProforma.pdf', documentType: 'contractProforma', format: 'application/pdf', ...proforma } },
  }));
  const notice = await uploadFile(client, 'sign.p7s', 'application/pkcs7-signature', new TextEncoder().encode('notice signature'));
  ok('notice', await client.POST('/api/2.5/tenders/{tender_id}/documents', {
    ...owner,
    body: { data: { title: 'sign.p7s', documentType: 'notice', format: 'application/pkcs7-signature', ...notice } },
  }));

  const published = ok('publish', await client.PATCH('/api/2.5/tenders/{tender_id}', { ...owner, body: { data: { status: 'active.enquiries' } } }));
  return { id, token, status: published.data.status };
}

async function main(): Promise<void> {
  const client = createCdbClient({ baseUrl: process.env.CDB_URL ?? 'http://127.0.0.1:8000', apiKey: process.env.CDB_KEY ?? 'broker' });
  const { id } = await createAndPublishTender(client);
  const read = ok('read', await client.GET('/api/2.5/tenders/{tender_id}', { params: { path: { tender_id: id } } }));
  console.log(`tender ${id}: ${read.data.status}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
