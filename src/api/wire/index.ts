// Wire schemas of every response and request body: the `tickhub-client` package's schemas are the
// single source of truth. Imported from its TypeScript source because the package's `exports`
// point at its build output (dist/), which a plain checkout does not have.
export * from '../../../packages/client/src/schemas/index.ts';
