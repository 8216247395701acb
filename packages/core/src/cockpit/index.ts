// The cockpit's aggregate read (GET /api/cockpit/summary), shared by the server and the web app.
export * from './cockpit.contract.ts';
