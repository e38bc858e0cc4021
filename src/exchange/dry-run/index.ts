export { DryRunBroker, type DryRunBrokerOptions } from './broker.ts';
export {
  type DryRunOrderRecord,
  type DryRunPosition,
  type DryRunSnapshot,
  type DryRunStore,
  type DryRunWallet,
  MemoryDryRunStore,
} from './store.ts';
