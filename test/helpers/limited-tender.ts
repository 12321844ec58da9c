// Data shared by the limited procedures' tests (reporting, negotiation): the recorded tutorials'
// delivered item, and the reporting tutorial's parties and create body.
import type { Json } from './api.ts';
import { REPORTING_CONFIG } from '../../src/procedures/reporting/config.ts';

/** The school-canteen services item of the recorded limited tutorials, delivered in Kyiv. */
export const DELIVERED_ITEM = {
  description: 'Послуги шкільних їдалень',
  classification: { scheme: 'ДК021', id: '55523100-3', description: 'Послуги з харчування у школах' },
  unit: { code: 'KGM', name: 'кг' },
  quantity: 1,
  deliveryDate: { startDate: '2027-01-21T00:00:00+02:00', endDate: '2027-02-20T00:00:00+02:00' },
  deliveryAddress: { countryName: 'Україна', postalCode: '79000', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова 1' },
};

/** The procuring entity of the recorded reporting tutorial (a Vinnytsia school). */
export const REPORTING_ENTITY = {
  kind: 'general',
  name: 'ЗОСШ #10 м.Вінниці',
  identifier: { scheme: 'UA-EDR', id: '21725150', legalName: 'Заклад' },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21027', region: 'Вінницька область', streetAddress: 'вул. Стахурського. 22' },
};

/** The supplier the recorded reporting tutorial awards. */
export const REPORTING_SUPPLIER = {
  name: 'ДКП «Школяр»',
  identifier: { scheme: 'UA-EDR', id: '00137256', legalName: 'ДКП' },
  address: { countryName: 'Україна', locality: 'м. Вінниця', postalCode: '21100', region: 'Вінницька область', streetAddress: 'вул. Островського, 33' },
  scale: 'micro',
};

/** The reporting tutorial's cause (a DECREE1178 code). */
export const REPORTING_CAUSE = { code: 'defencePurchase', description: 'Задоволення нагальних потреб Збройних Сил' };

/** Every required reporting config key at its only allowed value. */
export const REPORTING_TENDER_CONFIG: Json = Object.fromEntries(
  Object.entries(REPORTING_CONFIG).filter(([, spec]) => !spec.optional).map(([key, spec]) => [key, spec.default]),
);

/** The reporting tutorial's create body, `data` overrides. */
export function reportingBody(data: Json = {}): { data: Json; config: Json } {
  return {
    config: REPORTING_TENDER_CONFIG,
    data: {
      title: 'Послуги шкільних їдалень',
      procurementMethod: 'limited',
      procurementMethodType: 'reporting',
      mainProcurementCategory: 'services',
      procuringEntity: REPORTING_ENTITY,
      value: { amount: 500000, currency: 'UAH', valueAddedTaxIncluded: true },
      items: [DELIVERED_ITEM],
      causeDetails: REPORTING_CAUSE,
      ...data,
    },
  };
}
