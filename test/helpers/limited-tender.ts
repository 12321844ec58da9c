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
