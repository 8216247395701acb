// Innovation carriers and parks: contracts shared by the server, the web app and imports.
export * from './carrier-park.contract.ts';
