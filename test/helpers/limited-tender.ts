// Data shared by the limited procedures' tests (reporting, negotiation): the recorded tutorials'
// delivered item.

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
