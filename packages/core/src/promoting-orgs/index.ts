// Cluster promoting organisations (集群发展促进组织): contracts shared by the server, the web app and the
// demo-data generator.
export * from './promoting-org.contract.ts';
