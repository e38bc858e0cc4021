export { DryRunBroker } from './broker.ts';
export { MemoryDryRunStore } from './store.ts';
