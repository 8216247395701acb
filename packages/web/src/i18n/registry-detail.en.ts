import type { registryDetailZh } from './registry-detail.zh-CN.ts';

/** English messages of the carrier and park detail pages (keys as in registry-detail.zh-CN.ts). */
export const registryDetailEn: { readonly [K in keyof typeof registryDetailZh]: string } = {
  'carriers.detail.profile': 'Carrier profile',
  'carriers.detail.notFound': 'Innovation carrier {code} does not exist or is outside your scope',
  'carriers.documentNumber': 'Document number',
  'carriers.updatedAt': 'Updated',
  'parks.detail.profile': 'Park profile',
  'parks.detail.notFound': 'Park {code} does not exist or is outside your scope',
  'parks.detail.county': 'County',
  'parks.detail.metrics': 'Park metrics',
  'parks.detail.metricsEmpty': 'No figures for this park yet',
  'parks.detail.metric': 'Metric',
  'parks.detail.period': 'Period',
  'parks.detail.value': 'Value',
  'parks.detail.unit': 'Unit',
  'parks.detail.status': 'Data status',
  'observationStatus.provisional': 'Provisional',
  'observationStatus.submitted': 'Submitted',
  'observationStatus.accepted': 'Accepted',
};
