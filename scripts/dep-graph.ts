// Prints the import graph between the top-level parts of src/ (and the client package) with edge
// counts, then any violation of test/architecture/rules.ts; exits 1 when there is one.
// Usage: node scripts/dep-graph.ts [repository root]
import { join } from 'node:path';
import { architectureViolations, partGraph } from '../test/architecture/check.ts';
import { readSources } from '../test/architecture/graph.ts';

const root = process.argv[2] ?? join(import.meta.dirname, '..');
const sources = readSources(root, ['src', 'packages/client/src']);
for (const [edge, n] of partGraph(sources)) console.log(`${edge}  (${n})`);
const violations = architectureViolations(sources);
for (const v of violations) console.error(`violation: ${v}`);
process.exitCode = violations.length > 0 ? 1 : 0;
