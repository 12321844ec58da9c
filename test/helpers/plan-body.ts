// A valid plan body (the planning tutorial's, plans.md §5.1), with nothing that needs the standards
// data beyond what the tutorial's server had; tests change what they exercise.
import type { Json } from './api.ts';

const ORGANIZATION = {
  identifier: { scheme: 'UA-EDR', id: '111983', legalName: 'ДП Державне Управління Справами' },
  name: 'ДУС',
  address: { countryName: 'Україна', postalCode: '01220', region: 'м. Київ', locality: 'м. Київ', streetAddress: 'вул. Банкова, 11, корпус 1' },
  kind: 'general',
};

export function planBody(overrides: Json = {}): Json {
  return {
    tender: { procurementMethod: 'open', procurementMethodType: 'belowThreshold', tenderPeriod: { startDate: '2027-01-08T00:00:00+02:00' } },
    items: [
      {
        description: 'Насіння гірчиці',
        classification: { scheme: 'ДК021', description: 'Mustard seeds', id: '03111600-8' },
        unit: { code: 'KGM', name: 'кг' },
        quantity: 1000,
        deliveryDate: { endDate: '2027-01-16T00:00:00+02:00' },
      },
    ],
    classification: { scheme: 'ДК021', description: 'Seeds', id: '03111000-2' },
    additionalClassifications: [{ scheme: 'КЕКВ', id: '2000', description: 'Поточні видатки' }],
    procuringEntity: structuredClone(ORGANIZATION),
    buyers: [structuredClone(ORGANIZATION)],
    budget: {
      id: '12303111000-2',
      description: 'budget_description',
      amount: 10000,
      currency: 'UAH',
      period: { startDate: '2027-01-01T00:00:00', endDate: '2027-12-31T00:00:00' },
      breakdown: [{ title: 'other', description: 'Breakdown other description.', value: { amount: 1500, currency: 'UAH' } }],
    },
    ...overrides,
  };
}
