// Reporting periods: 2024, 2024Q3, 2024M09YTD; ordering, comparability and dates.
export * from './period.ts';
